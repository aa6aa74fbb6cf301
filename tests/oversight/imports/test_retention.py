"""The spreadsheets of a register import (owners' names and phones) are deleted
REGISTER_IMPORT_RETENTION_DAYS after the upload, with the values its preview listed, in the
import and its history; the import's record stays."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from common import clock
from common.retention import erase_expired_personal_data
from oversight.imports.models import RegisterImport
from tests.utils import page_text

pytestmark = pytest.mark.django_db

CHANGE = {"kind": "households", "record": "1号楼301", "fields": [["业主", "", "钱叔叔"]]}


def _import(created, user=None):
    item = RegisterImport.objects.create(file_name="登记表.csv", file_size=30, created_by=user)
    item.file.save("登记表.csv", ContentFile("门牌,业主,电话\n301,钱叔叔,13900001111\n".encode()))
    item.spool.save("1.jsonl.gz", ContentFile(b"rows"), save=False)
    item.preview = {"counts": {"households": {"created": 1}}, "changes": [CHANGE], "rows": 1}
    item.save()
    RegisterImport.objects.filter(pk=item.pk).update(created=created)
    return item


def test_the_files_go_after_the_period_from_the_upload_and_not_before(
    settings, django_capture_on_commit_callbacks
):
    settings.REGISTER_IMPORT_RETENTION_DAYS = 90
    now = clock.now()
    old = _import(now - datetime.timedelta(days=90, seconds=1))
    recent = _import(now - datetime.timedelta(days=90))
    paths = [old.file.name, old.spool.name]
    assert all(default_storage.exists(path) for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        assert erase_expired_personal_data(now=now)["register_files"] == 1
    assert not any(default_storage.exists(path) for path in paths)
    old.refresh_from_db()
    assert (old.file.name, old.spool.name, old.file_name) == ("", "", "登记表.csv")
    assert old.preview["changes"] == [] and old.preview["rows"] == 1
    assert not old.history.exclude(file="", spool="").exists()
    assert not [h for h in old.history.all() if h.preview.get("changes")]
    recent.refresh_from_db()
    assert recent.file and recent.preview["changes"] == [CHANGE]
    assert default_storage.exists(recent.file.name)


def test_the_page_of_an_import_says_its_file_was_deleted(en, world):
    staff = world.users["street_staff"]
    item = _import(clock.now() - datetime.timedelta(days=91), user=staff)
    en.force_login(staff)
    url = reverse("oversight:import_detail", kwargs={"pk": item.pk})
    assert "the file as sent" in page_text(en.get(url))
    erase_expired_personal_data()
    text = page_text(en.get(url))
    assert "the file deleted after the retention period" in text
    assert "the file as sent" not in text and "钱叔叔" not in text
    file_url = reverse("oversight:import_file", kwargs={"pk": item.pk})
    assert en.get(file_url).status_code == 404
