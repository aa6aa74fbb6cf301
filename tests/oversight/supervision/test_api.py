"""API of supervision records: it meets the services' refusals, the same as the pages (a fix
due before its check, a failed item without a note, a correction without a reason)."""

import datetime

import pytest
from django.urls import reverse

from oversight.models import SupervisionRecord
from progress.models import Rectification
from tests.oversight.supervision.utils import TODAY, _checks, _file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

RECORDS = reverse("api:supervisionrecord-list")


def _record(world, **changes):
    data = {
        "compound": world.a1.pk, "level": "street", "kind": "routine",
        "date": TODAY.isoformat(), "inspectors": "王强", "owner": "张伟",
        "checks": _checks("未洒水降尘"),
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_fix_due_before_the_check_is_refused_as_on_the_page(api, world):
    early = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = api.post(RECORDS, _record(world, deadline=early), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"deadline": ["The fix cannot be due before the check."]}
    assert not SupervisionRecord.objects.exists()
    assert not Rectification.objects.filter(source="supervision").exists()


def test_a_fix_due_on_the_check_day_is_filed(api, world):
    response = api.post(
        RECORDS, _record(world, deadline=TODAY.isoformat()), content_type="application/json"
    )
    assert response.status_code == 201
    assert Rectification.objects.get(source="supervision").deadline == TODAY


def test_a_failed_item_without_a_note_is_refused(api, world):
    checks = [{"item": "消防通道畅通", "passed": False, "note": " "}]
    response = api.post(RECORDS, _record(world, checks=checks), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"check_1": ["Say what failed, so it can be fixed."]}
    assert not SupervisionRecord.objects.exists()


def test_a_correction_needs_a_reason(api, world):
    record = _file(world)
    url = reverse("api:supervisionrecord-detail", args=[record.pk])
    response = api.patch(url, {"findings": "整体良好"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"change_reason": ["Say why the record is corrected."]}
    response = api.patch(
        url, {"findings": "整体良好", "change_reason": "补记"}, content_type="application/json"
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.history.first().history_change_reason == "补记"
