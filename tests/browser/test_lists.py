"""Lists on a phone and on paper (issue 19), in a real browser (see conftest.py).

Every list table follows one rule (static/css/lists.css): in its .table-list box it keeps all
its columns and scrolls sideways, its first column stays, and no name is squeezed to one
character a line. The public compound page has a table of contents and folded sections. The
dashboard, which has a print button, prints on a landscape A4 with every column of its table.
"""

import re

import pytest

from oversight.models import SupervisionRecord
from progress.models import DailyLog, WorkItem
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a phone shows of each list table, measured in the page: the box scrolled to its end.
MEASURE = r"""(box) => {
  const table = box.querySelector(':scope > table');
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const cells = [...table.querySelectorAll('th, td')].filter((cell) => cell.colSpan === 1);
  // A name or short value keeps to one line; running text (.cell-text) wraps, but never to a
  // character a line.
  const wraps = (cell) => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const chars = [...node.textContent.replace(/\s+/g, '')].length;
      if (chars < 2) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      if (node.parentElement.closest('.cell-text') ? lines >= chars : lines > 1) return true;
    }
    return false;
  };
  const squeezed = cells.filter((cell) => {
    const text = cell.innerText.trim();
    const rect = cell.getBoundingClientRect();
    if ([...text].length < 2 || rect.width === 0) return false;
    return rect.width < 2 * size(cell) || wraps(cell);
  }).map((cell) => cell.innerText.trim());
  const hidden = cells.filter((cell) => getComputedStyle(cell).display === 'none').length;
  const first = table.rows[0].cells[0];
  const before = first.getBoundingClientRect().left;
  box.scrollLeft = box.scrollWidth;
  const head = table.rows[0].cells;
  const last = head[head.length - 1].getBoundingClientRect();
  const shown = box.getBoundingClientRect();
  const result = {
    scrollWidth: box.scrollWidth, tableWidth: table.getBoundingClientRect().width,
    lastLeft: last.left, lastRight: last.right, boxLeft: shown.left, boxRight: shown.right,
    firstMoved: first.getBoundingClientRect().left - before, squeezed, hidden,
  };
  box.scrollLeft = 0;
  return result;
}"""


def shoot(steps, name, box):
    """Screenshots of the phone's screen at a table: as it opens, then scrolled to its end."""
    box.evaluate(
        """(box) => { box.scrollIntoView({block: 'start', behavior: 'instant'});
                      window.scrollBy({top: -60, behavior: 'instant'}); }"""
    )
    steps.page.screenshot(path=str(steps.folder / f"{name}.png"))
    box.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    steps.page.screenshot(path=str(steps.folder / f"{name}-scrolled.png"))
    box.evaluate("(box) => { box.scrollLeft = 0; }")


def check_lists(steps, name):
    """Every list table of the page keeps its columns within reach on the phone."""
    page = steps.page
    boxes = page.locator("main .table-list:visible")
    assert boxes.count() >= 1, f"{name}: no list table"
    # The page itself never scrolls sideways: only the tables' own boxes do.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    for index in range(boxes.count()):
        found = boxes.nth(index).evaluate(MEASURE)
        where = f"{name}, table {index + 1}"
        assert found["hidden"] == 0, f"{where}: a column is hidden"
        assert found["squeezed"] == [], f"{where}: a name wraps, or text runs a character a line"
        # The box scrolls over the whole table, and scrolled to its end shows the last column.
        assert found["scrollWidth"] >= found["tableWidth"] - 1, where
        assert found["boxLeft"] - 1 <= found["lastLeft"], where
        assert found["lastRight"] <= found["boxRight"] + 1, where
        assert found["boxRight"] <= page.viewport_size["width"], where
        # The first column stays where it was while the rest scrolls.
        assert abs(found["firstMoved"]) <= 1, where


def test_every_known_list_keeps_its_columns_on_a_phone(phone):
    page = phone.page
    log_in(phone)
    # The daily logs: compound names wrapped one character a line, the last column was cut.
    assert DailyLog.objects.exists()
    page.goto("/progress/logs/")
    check_lists(phone, "daily logs")
    shoot(phone, "phone-daily-logs", page.locator("main .table-list"))

    # The supervision records.
    assert SupervisionRecord.objects.exists()
    page.goto("/supervision/")
    check_lists(phone, "supervision records")
    shoot(phone, "phone-supervision", page.locator("main .table-list"))

    # Other lists under the same rule.
    for url in ("/compounds/", "/residents/opinions/", "/progress/problems/", "/funds/"):
        page.goto(url)
        check_lists(phone, url)
    assert phone.errors == []


def test_the_edit_links_of_the_work_items_are_reachable_on_a_phone(phone):
    page = phone.page
    item = WorkItem.objects.order_by("compound_id", "pk").first()
    log_in(phone)
    page.goto(f"/progress/compounds/{item.compound_id}/")
    check_lists(phone, "a compound's progress")
    page.screenshot(path=str(phone.folder / "phone-compound-progress.png"))
    shoot(phone, "phone-compound-schedule", page.locator("main .table-list").nth(1))

    table = page.locator("main section[aria-labelledby=items-heading] table")
    links = table.get_by_role("link", name="编辑")
    assert links.count() == WorkItem.objects.filter(compound_id=item.compound_id).count()
    link = links.first
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Nothing covers it (the fixed first column least of all): the link is what a tap hits.
    assert link.evaluate(
        """(a) => { const r = a.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                    return a === hit || a.contains(hit); }"""
    )
    page.screenshot(path=str(phone.folder / "phone-compound-progress-scrolled.png"))
    link.click()
    page.wait_for_load_state()
    assert re.search(r"/progress/work-items/\d+/edit/$", page.url)


def test_the_public_compound_page_has_contents_and_folded_sections(phone):
    page = phone.page
    compound_id = SupervisionRecord.objects.values_list("compound_id", flat=True).first()
    page.goto(f"/public/compounds/{compound_id}/")
    page.screenshot(path=str(phone.folder / "phone-public-compound.png"))
    phone.shot("public-compound")

    # The contents link to every section, and every section is one of them.
    anchors = page.locator("nav.page-toc a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    sections = page.locator("main details.fold").evaluate_all(
        "(folds) => folds.map((d) => '#' + d.id)"
    )
    assert len(sections) >= 3
    assert anchors == ["#section-facts", *sections]
    assert page.locator("#section-facts").count() == 1
    assert "#section-supervision" in anchors

    # Folded on a phone, the first one open: the page is a few screens, not fourteen.
    folds = page.locator("main details.fold")
    assert folds.first.evaluate("(d) => d.open")
    assert not folds.nth(1).evaluate("(d) => d.open")
    assert page.evaluate("document.documentElement.scrollHeight") < 5 * 844

    # A tap on a heading opens its section; the supervision table then follows the list rule.
    page.locator("#section-supervision > summary").click()
    assert page.locator("#section-supervision table").is_visible()
    check_lists(phone, "public supervision")
    shoot(phone, "phone-public-supervision", page.locator("#section-supervision .table-list"))

    # Followed from the contents, a folded section shows its content.
    page.goto(f"/public/compounds/{compound_id}/")
    page.click("nav.page-toc a[href='#section-funds']")
    assert page.locator("#section-funds .fold-body").is_visible()
    assert phone.errors == []


# A4 less the margins of print.css, at the 96 px an inch a browser lays a print out with: the
# dashboard prints landscape (297 − 2 × 15 mm); it must fit a portrait page too (210 − 2 × 12).
A4_LANDSCAPE = round((297 - 30) / 25.4 * 96)
A4_PORTRAIT = round((210 - 24) / 25.4 * 96)


def test_the_dashboard_prints_every_column_on_a4(desktop):
    page = desktop.page
    log_in(desktop)
    page.goto("/dashboard/")
    page.emulate_media(media="print")
    # Printed across the sheet: a named landscape page (print.css), in the real print path too.
    assert page.locator(".print-landscape").evaluate("(el) => getComputedStyle(el).page") == "wide"
    pdf = page.pdf(prefer_css_page_size=True)
    sheets = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sheets and all(_sheet(sheet) == (842, 595) for sheet in sheets), sheets

    for width in (A4_LANDSCAPE, A4_PORTRAIT):
        page.set_viewport_size({"width": width, "height": 1100})
        table = page.locator("main table").filter(
            has=page.get_by_role("columnheader", name=re.compile("建筑面积"))
        )
        assert table.count() == 1
        header = table.get_by_role("columnheader", name=re.compile("建筑面积"))
        assert header.is_visible()
        cells = table.locator("tr > :last-child")
        rights = cells.evaluate_all(
            "(cells) => cells.map((c) => c.offsetWidth ? c.getBoundingClientRect().right : -1)"
        )
        assert len(rights) >= 3 and min(rights) > 0, "a floor-area cell is hidden"
        assert max(rights) <= width, f"the floor-area column runs off a {width} px page"
        page.screenshot(path=str(desktop.folder / f"print-dashboard-{width}px.png"), full_page=True)
    assert desktop.errors == []


def _sheet(media_box) -> tuple[int, int]:
    """A PDF page's size in points, rounded (A4 landscape 842 × 595, A3 landscape 1191 × 842)."""
    return tuple(round(float(side)) for side in media_box)


def test_the_wall_chart_prints_on_a3_landscape(desktop):
    """挂图作战: every sheet A3 across (the banner above the chart too, not an A4 page of its
    own), the chart whole on the first, the table of risks from the next."""
    page = desktop.page
    log_in(desktop)
    page.goto("/progress/gantt/")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    sheets = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert [_sheet(sheet) for sheet in sheets] == [(1191, 842)] * 2, sheets
    page.screenshot(path=str(desktop.folder / "print-wall-chart.png"), full_page=True)
    assert desktop.errors == []
