"""One rule for every list table (issue 19), checked on the templates and the rendered pages;
tests/browser/test_lists.py measures what a phone and a print then show."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from oversight.disclosure import selectors as disclosure
from oversight.disclosure.sections import sections_for
from oversight.models import SupervisionRecord

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_table_of_the_portal_sits_in_a_list_box():
    """A table of any template is the first thing in a <div class="table-responsive
    table-list">: the box that scrolls it on a phone and keeps its first column (lists.css)."""
    unboxed = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()].rstrip()
            wrapper = re.search(r"<div class=\"([^\"]*)\"[^>]*>$", before)
            classes = wrapper.group(1).split() if wrapper else []
            if not {"table-responsive", "table-list"} <= set(classes):
                line = text.count("\n", 0, match.start()) + 1
                unboxed.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert unboxed == []


def test_no_list_hides_a_column_on_a_small_screen_or_on_paper():
    """Scrolling replaces hiding: a column hidden below a width (d-none d-md-table-cell) was
    lost on phones, and on A4 paper (narrower than Bootstrap's lg: the dashboard's floor
    area)."""
    from renovation.templatetags import dashboard_tags

    hiding = re.compile(r"d-(sm|md|lg|xl|xxl)-(table-cell|none)\b")
    tables = re.compile(r"<table\b.*?</table>", re.S)
    found = [
        str(path.relative_to(TEMPLATES))
        for path in sorted(TEMPLATES.rglob("*.html"))
        if any(hiding.search(table) for table in tables.findall(path.read_text()))
    ]
    assert found == []
    assert not hiding.search(dashboard_tags.REGISTER_ROW)


class Anchors(HTMLParser):
    """The contents' links and the ids of the page's folded sections."""

    def __init__(self):
        super().__init__()
        self.in_toc = False
        self.links, self.ids, self.folds = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "nav" and "page-toc" in attrs.get("class", ""):
            self.in_toc = True
        elif tag == "a" and self.in_toc:
            self.links.append(attrs["href"])
        elif tag == "details" and "fold" in attrs.get("class", "").split():
            self.folds.append((attrs["id"], "open" in attrs))

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_toc = False


@pytest.mark.django_db
def test_the_public_compound_page_opens_with_contents_that_lead_to_each_section(client, demo_data):
    compound_id = SupervisionRecord.objects.values_list("compound_id", flat=True).first()
    response = client.get(reverse("oversight:public_compound_detail", args=[compound_id]))
    assert response.status_code == 200
    page = Anchors()
    page.feed(response.content.decode())

    shown = sections_for(disclosure.compound_detail(compound_id))
    assert len(shown) >= 3
    # One link a section, in the page's order, each to an id the page has.
    assert page.links == ["#section-facts"] + [f"#section-{part['key']}" for part in shown]
    assert all(link[1:] in page.ids for link in page.links)
    # Each section folded under its heading, the first one open.
    assert [fold_id for fold_id, _ in page.folds] == [f"section-{p['key']}" for p in shown]
    assert [is_open for _, is_open in page.folds] == [True] + [False] * (len(shown) - 1)
    for part in shown:
        assert str(part["title"]) in response.content.decode()
