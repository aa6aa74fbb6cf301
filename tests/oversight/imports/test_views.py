"""The import page as a clerk uses it: upload, choose what an unknown column holds, read the
preview with its errors by row, confirm; the register and the dashboard count the file at once.
The Celery tasks run as they do in the demo (eagerly, after the request's transaction)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from compounds.models import Building, Compound
from oversight.imports import rules
from oversight.imports.models import ImportStatus, RegisterImport
from tests.oversight.imports.test_import import xlsx
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

START = reverse("oversight:import_start")


@pytest.fixture(autouse=True)
def eager(settings):
    """The tasks run as in the demo (eagerly): these tests follow the page, not the worker."""
    from renovation.celery_app import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def client(en):
    return en


def _post_file(client, data, name="楼栋.xlsx", **fields):
    return client.post(START, {"file": SimpleUploadedFile(name, data), **fields})


def test_upload_map_preview_confirm(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["street_staff"])
    data = xlsx(("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积", "楼长"],
                          ["甲一1号院", "5号楼", 6, 24, 1800, "张三"]]))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, data)
    item = RegisterImport.objects.get()
    assert response.status_code == 302 and item.status == ImportStatus.MAPPING
    page = client.get(response["Location"])
    assert "楼长" in page_text(page) and "unknown" in page_text(page)
    fields = {f"s0-c{j}": f or "" for j, f in enumerate(item.sheets[0]["fields"])}
    fields.update({"s0-kind": rules.BUILDINGS, "s0-c5": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], fields)
    item.refresh_from_db()
    assert item.status == ImportStatus.PREVIEWED, item.preview
    page = page_text(client.get(reverse("oversight:import_detail", kwargs={"pk": item.pk})))
    assert "5号楼" in page and "Import: write 1 records" in page
    assert not Building.objects.filter(number="5号楼").exists()
    before = client.get(reverse("dashboard")).context["figures"]["register"]["total"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("oversight:import_confirm", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.status == ImportStatus.IMPORTED
    assert Building.objects.get(number="5号楼").compound == world.a1
    assert b"imported" in client.get(response["Location"]).content
    households = Compound.objects.with_figures().get(pk=world.a1.pk).household_count
    assert households == 40 + 30 + 24
    # the dashboard counts the file the moment it is in (its summary rows and cache follow)
    after = client.get(reverse("dashboard")).context["figures"]["register"]["total"]
    assert after["households"] == before["households"] + 24
    assert after["buildings"] == before["buildings"] + 1


def test_a_file_with_errors_shows_them_by_row_and_cannot_be_confirmed(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["street_staff"])
    data = xlsx(("楼栋", [["小区名称", "楼号", "层数", "户数", "建筑面积"],
                          ["甲一1号院", "7号楼", 6, "5000户", 3000],
                          ["不存在院", "1号楼", 6, 24, 1800]]))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, data)
    item = RegisterImport.objects.get()
    assert item.status == ImportStatus.REFUSED
    page = page_text(client.get(response["Location"]))
    assert "2 errors" in page and "不存在院" in page
    assert "Import: write" not in page
    client.post(reverse("oversight:import_confirm", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.status == ImportStatus.REFUSED
    assert not Building.objects.filter(number="7号楼").exists()


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "empty.xlsx", "empty"),
        (b"%PDF-1.4 not a sheet", "scan.pdf", "not"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.xls", ".xls"),
    ],
)
def test_a_file_that_is_no_register_is_refused_with_a_sentence(
    client, world, data, name, says, django_capture_on_commit_callbacks
):
    client.force_login(world.users["street_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, data, name=name)
    if response.status_code == 400:  # the form refuses an empty upload itself
        assert "empty" in page_text(response)
        return
    item = RegisterImport.objects.get()
    assert item.status == ImportStatus.REFUSED
    assert says in page_text(client.get(response["Location"]))


def test_the_templates_have_chinese_headings_an_example_and_lists(client, world):
    client.force_login(world.users["street_staff"])
    for kind in rules.KIND_ORDER:
        response = client.get(reverse("oversight:import_template", kwargs={"kind": kind}))
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        headings = [cell.value for cell in sheet[1]]
        assert headings[0] and all("\u4e00" <= h[0] <= "\u9fff" for h in headings if h), headings
        assert any(cell.value for cell in sheet[2])
        if kind in (rules.WORK_ITEMS, rules.STAFF):
            assert sheet.data_validations.dataValidation
    url = reverse("oversight:import_template", kwargs={"kind": "staff"})
    staff = load_workbook(io.BytesIO(client.get(url).content))
    roles = [c.value for c in staff["选项"]["A"][1:] if c.value]
    assert roles and "区督导" not in "".join(roles) and "district" not in "".join(roles)


def test_inspectors_cannot_import(client, world):
    client.force_login(world.users["inspector"])
    assert client.get(START).status_code == 403
    response = _post_file(client, xlsx(("楼栋", [["小区名称", "楼号"]])))
    assert response.status_code == 403 and not RegisterImport.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, world, monkeypatch):
    from oversight.imports import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024)
    client.force_login(world.users["street_staff"])
    response = _post_file(client, b"x" * 2048, name="100MB.xlsx")
    assert response.status_code == 400 and "larger than" in page_text(response)
    assert not RegisterImport.objects.exists()
