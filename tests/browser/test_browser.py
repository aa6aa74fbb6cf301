"""The three ways the portal is used, each in a real browser (see conftest.py): a community
staff member files a day's log with a photo on a phone; a resident sends an opinion, keeps the
code and follows it; an inspector reads the dashboard in English, follows a figure to its
list and exports it."""

import re

import pytest
from PIL import Image

from common import clock
from compounds.choices import CompoundStatus
from compounds.models import Compound
from oversight.models import OpinionIntake
from progress.models import DailyLog
from tests.browser.conftest import log_in

# The live server reads committed data, so each test ends by emptying the tables, the rows the
# migrations load (the official holidays) with them: they are put back before each browser
# test, and pytest-django runs such tests after all others (in each process of `make test`).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_community_staff_file_a_days_log_with_a_photo_on_a_phone(phone, tmp_path):
    page = phone.page
    compound = (
        Compound.objects.filter(community__name="经五路社区", status=CompoundStatus.STARTED)
        .order_by("pk")
        .first()
    )
    DailyLog.objects.filter(compound=compound, date=clock.today()).delete()
    photo = tmp_path / "site.jpg"
    Image.new("RGB", (640, 480), (120, 140, 160)).save(photo, "JPEG")

    log_in(phone, "community_staff", shot=True)
    page.goto(f"/progress/compounds/{compound.pk}/logs/new/")
    assert page.locator("h1").inner_text().endswith(compound.name)
    # Fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("input[name=workers]", "14")
    page.set_input_files("input[type=file][name=photos]", str(photo))
    phone.shot("filled")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    phone.shot("saved")

    log = DailyLog.objects.get(compound=compound, date=clock.today())
    assert log.workers == 14
    assert log.photos.count() == 1
    assert page.url.endswith(f"/progress/logs/{log.pk}/")
    assert page.locator("main img").count() >= 1
    assert phone.errors == []


def test_a_resident_sends_an_opinion_keeps_the_code_and_follows_it(phone):
    page = phone.page
    compound = Compound.objects.order_by("pk").first()
    page.goto("/opinions/new/")
    page.fill("input[name=q]", compound.name)
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_load_state()
    phone.shot("found")
    page.click(f"a[href*='compound={compound.pk}']")
    page.wait_for_load_state()
    page.locator("input[name=topics]").first.check()
    page.fill("textarea[name=text]", "楼道的灯坏了两个月，晚上看不见台阶。")
    page.check("input[name=consent]")
    phone.shot("filled")
    page.click("main form button[type=submit]:has-text('提交'), main form button[type=submit]")
    page.wait_for_load_state()
    phone.shot("receipt")

    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]+-\d{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]{5}", code), code
    assert OpinionIntake.objects.filter(code=code, compound=compound).exists()

    page.goto("/opinions/track/")
    page.fill("input[name=code]", code.lower().replace("-", " "))  # as typed by hand
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    phone.shot("tracked")
    text = page.locator("main").inner_text()
    assert "已收到" in text and compound.name in text
    assert phone.errors == []


def test_an_inspector_reads_the_dashboard_in_english_follows_a_figure_and_exports(desktop):
    page = desktop.page
    log_in(desktop, "inspector", shot=True)
    page.goto("/dashboard/")
    desktop.shot("dashboard-zh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert "26 / 30" in page.locator("main").inner_text()

    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():  # the menu is folded below 1400 px wide
        toggler.click()
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    desktop.shot("dashboard-en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "started" in page.locator("main").inner_text()
    # The longer English labels still fit the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    # The compounds not started yet: 30 - 26.
    figure = page.locator("main a[href*='/compounds/'][href*='started=false']").first
    figure.click()
    page.wait_for_load_state()
    desktop.shot("list")
    assert "/compounds/" in page.url
    assert page.locator("main table tbody tr").count() == 4

    with page.expect_download() as download:
        page.locator("main a[href*='format=xlsx']").first.click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(path, "rb") as workbook:
        assert workbook.read(2) == b"PK"  # a zip: an XLSX workbook
    desktop.shot("exported")
    assert desktop.errors == []
