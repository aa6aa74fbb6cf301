"""A street office's own workbook goes in through the page in a real browser: upload, say what
an unknown column holds, read the preview, confirm; and a file with errors is shown by row on a
phone and cannot be confirmed. The Celery tasks run eagerly, as in the demo."""

import pytest
from openpyxl import Workbook

from compounds.models import Building
from oversight.imports.models import ImportStatus, RegisterImport
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def eager(settings):
    from renovation.celery_app import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = saved


def _workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "楼栋"
    sheet.append(["文化路街道2020年老旧小区改造楼栋表"])
    sheet.merge_cells("A1:F1")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_messy_workbook_goes_in_through_the_page(desktop, eager, tmp_path):
    steps, page = desktop, desktop.page
    path = _workbook(tmp_path / "楼栋登记.xlsx", [
        ["序号", "小区名称", "楼栋号", "总层数", "居民户数", "面积（㎡）", "楼长"],
        [1, "丰产路47号院", "7号楼", "6层", "36户", "2,860.5㎡", "张大爷"],
        [2, "丰产路47号院", "8号楼", "６", "２４", "0.18万㎡", "李阿姨"],
        ["合计", None, None, None, "60户", None, None],
    ])  # fmt: skip
    log_in(steps, "street_staff")
    page.goto("/import/")
    page.set_input_files("input[name=file]", str(path))
    steps.shot("upload")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("text=未识别").count() == 1
    steps.shot("mapping")
    column = page.locator("select[name$='-c6']")
    column.select_option("")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    steps.shot("preview")
    assert page.locator(".import-changes").inner_text().count("丰产路47号院") == 2
    page.click("text=导入：写入 2 条记录")
    page.wait_for_load_state()
    steps.shot("imported")
    assert page.locator("text=文件已导入").count() == 1
    assert Building.objects.filter(compound__name="丰产路47号院", number="8号楼").get().floors == 6
    assert RegisterImport.objects.get().status == ImportStatus.IMPORTED
    assert not steps.errors


def test_errors_are_shown_by_row_on_a_phone_and_nothing_is_written(phone, eager, tmp_path):
    steps, page = phone, phone.page
    path = _workbook(tmp_path / "楼栋.xlsx", [
        ["小区名称", "楼号", "层数", "户数", "建筑面积"],
        ["丰产路47号院", "9号楼", 6, "5000户", 3000],
        ["丰产路47号院", "10号楼", "2.5", 24, 1800],
        ["不存在的院", "1号楼", 6, 24, 1800],
    ])  # fmt: skip
    log_in(steps, "street_staff")
    page.goto("/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    steps.shot("errors")
    table = page.locator(".import-errors").inner_text()
    assert "不存在的院" in table and "5000" in table
    assert page.locator("text=导入：写入").count() == 0
    assert not Building.objects.filter(number__in=["9号楼", "10号楼"]).exists()
    assert not steps.errors
