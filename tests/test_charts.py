"""The dashboard's charts: a table that carries the data, a canvas that only repeats it, Chart.js
vendored beside the portal and nothing loaded from elsewhere."""

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from renovation.dashboard import with_cells

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
CHARTJS = "vendor/chartjs/chart.umd.min.js"

STARTS = {
    "id": "starts",
    "type": "bar",
    "caption": "每月开工小区",
    "category_heading": "月份",
    "series": ["开工小区"],
    "rows": [
        {"label": "2020-04", "url": "/compounds/?started_month=2020-04", "values": [3]},
        {"label": "2020-05", "values": [0]},
    ],
}
PROBLEMS = {
    "id": "problems-by-source",
    "type": "hbar",
    "stacked": True,
    "caption": "未销号问题（按来源）",
    "category_heading": "来源",
    "series": ["逾期", "未逾期"],
    "rows": [
        {
            "label": "区级督查",
            "url": "/progress/rectifications/?source=district",
            "values": [2, 5],
            "urls": ["/progress/rectifications/?source=district&overdue=1", None],
        },
        {"label": "日常巡查", "values": [0, 1234567], "urls": None},
    ],
}
FUNDS = {
    "id": "funds",
    "type": "doughnut",
    "caption": "专项资金",
    "category_heading": "款项",
    "series": ["金额"],
    "unit": "元",
    "rows": [
        {"label": "已拨付", "values": [Decimal("1250000.50")]},
        {"label": "未拨付", "values": [None]},
    ],
}


class Tree(HTMLParser):
    """Each start tag as (tag, attributes, ancestors' tags), and the text inside each tag."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.stack, self.texts = [], [], {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), tuple(t for t, _ in self.stack)))
        if tag not in {"br", "img", "input", "meta", "link"}:
            self.stack.append((tag, len(self.elements) - 1))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for _, index in self.stack:
            self.texts[index] = self.texts.get(index, "") + data

    def find(self, tag, **attrs):
        return [
            (i, a, path)
            for i, (t, a, path) in enumerate(self.elements)
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def text(self, index):
        return " ".join(self.texts.get(index, "").split())


def render(chart):
    with translation.override("en"):
        return render_to_string("includes/chart.html", {"chart": with_cells(chart)})


def test_table_carries_the_data_and_canvas_is_hidden_from_screen_readers():
    html = render(STARTS)
    tree = Tree(html)
    [(_, figure, _)] = tree.find("figure")
    assert figure["id"] == "chart-starts"
    assert figure["data-chart"] == "bar"
    assert "data-stacked" not in figure and "data-unit" not in figure
    [(_, canvas, path)] = tree.find("canvas")
    assert canvas["aria-hidden"] == "true" and "figure" in path
    [(caption, _, path)] = tree.find("caption")
    assert tree.text(caption) == "每月开工小区" and path[-1] == "table"
    [(_, table, _)] = tree.find("table")
    assert {"table", "table-sm"} <= set(table["class"].split())
    columns = tree.find("th", scope="col")
    assert [tree.text(i) for i, _, _ in columns] == ["月份", "开工小区"]
    assert all("thead" in path for _, _, path in columns)
    rows = tree.find("th", scope="row")
    assert [tree.text(i) for i, _, _ in rows] == ["2020-04", "2020-05"]
    assert all("tbody" in path for _, _, path in rows)
    cells = tree.find("td")
    assert [a["data-value"] for _, a, _ in cells] == ["3", "0"]
    assert all("text-end" in a["class"].split() for _, a, _ in cells)
    # The row with a url links its label; the one without has no link at all.
    assert [a["href"] for _, a, path in tree.find("a")] == ["/compounds/?started_month=2020-04"]
    assert all(path[-1] == "th" for _, _, path in tree.find("a"))


def test_each_value_links_to_its_own_list_when_given():
    tree = Tree(render(PROBLEMS))
    [(_, figure, _)] = tree.find("figure")
    assert figure["data-chart"] == "hbar" and "data-stacked" in figure
    assert [tree.text(i) for i, _, _ in tree.find("th", scope="col")] == ["来源", "逾期", "未逾期"]
    links = [(a["href"], path[-1]) for _, a, path in tree.find("a")]
    assert links == [
        ("/progress/rectifications/?source=district", "th"),
        ("/progress/rectifications/?source=district&overdue=1", "td"),
    ]
    cells = tree.find("td")
    assert [a["data-value"] for _, a, _ in cells] == ["2", "5", "0", "1234567"]
    # The linked value is the overdue one, in the first value column of the first row.
    [(link, _, _)] = [a for a in tree.find("a") if a[2][-1] == "td"]
    assert tree.text(link) == "2" == tree.text(cells[0][0])


def test_unit_localised_numbers_raw_data_values_and_gaps():
    tree = Tree(render(FUNDS))
    [(_, figure, _)] = tree.find("figure")
    assert figure["data-chart"] == "doughnut" and figure["data-unit"] == "元"
    cells = tree.find("td")
    assert [a["data-value"] for _, a, _ in cells] == ["1250000.50", ""]
    assert tree.text(cells[0][0]) == "1,250,000.50元"  # grouped for reading in English
    assert tree.text(cells[1][0]) == "–no data"  # a dash to the eye, words to a screen reader


def test_a_latin_unit_is_set_off_by_a_space():
    chart = {**FUNDS, "unit": "yuan", "rows": [{"label": "paid", "values": [1500]}]}
    tree = Tree(render(chart))
    assert tree.find("figure")[0][1]["data-unit"] == "yuan"
    assert tree.texts[tree.find("td")[0][0]].strip() == "1,500\xa0yuan"


def test_no_unit_is_no_unit():
    tree = Tree(render({**STARTS, "unit": None}))
    assert "data-unit" not in tree.find("figure")[0][1]
    assert [tree.text(i) for i, _, _ in tree.find("td")] == ["3", "0"]


def test_defaults_and_an_empty_chart():
    chart = {**STARTS, "rows": []}
    del chart["type"]
    tree = Tree(render(chart))
    assert tree.find("figure")[0][1]["data-chart"] == "bar"
    [(index, cell, _)] = tree.find("td")
    assert cell["colspan"] == "2" and "data-value" not in cell
    assert tree.text(index) == "No data yet."


@pytest.mark.parametrize("chart", [STARTS, PROBLEMS, FUNDS], ids=lambda c: c["id"])
def test_no_inline_script_or_style(chart):
    html = render(chart).lower()
    assert "<script" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers either


def test_chartjs_is_vendored_with_its_licence_and_source_map():
    folder = BASE / "static/vendor/chartjs"
    script = (folder / "chart.umd.min.js").read_text(encoding="utf-8")
    assert re.match(r"/\*!\s*\*\s*Chart\.js v4\.", script)
    assert "MIT License" in (folder / "LICENSE.md").read_text(encoding="utf-8")
    # The manifest storage of production rewrites sourceMappingURL and fails on a missing file.
    mapped = re.search(r"sourceMappingURL=(\S+)", script)
    assert not mapped or (folder / mapped.group(1)).is_file()
    version = re.match(r"/\*!\s*\*\s*Chart\.js v(\S+)", script).group(1)
    readme = (BASE / "static/vendor/README.md").read_text(encoding="utf-8")
    assert f"- chart.js {version}: dist/chart.umd.min.js (MIT, LICENSE.md)" in readme
    assert finders.find(CHARTJS) and finders.find("js/charts.js")
    assert static(CHARTJS) == f"/static/{CHARTJS}"


def template_sources():
    return {
        path.relative_to(TEMPLATES).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATES.rglob("*.html"))
    }


def test_pages_with_charts_load_chartjs_and_charts_js_from_static():
    """Each page that loads charts.js loads Chart.js before it, both deferred, both through
    {% static %}; and where a template includes a chart (perhaps a partial of a page), some
    page loads them."""
    script = r"""<script src="\{%% static ['"]%s['"] %%\}" defer></script>"""
    sources = template_sources()
    loaders = [name for name, source in sources.items() if "js/charts.js" in source]
    loaders.remove("includes/chart.html")  # it names charts.js in its comment only
    for name in loaders:
        vendored = re.search(script % re.escape(CHARTJS), sources[name])
        ours = re.search(script % re.escape("js/charts.js"), sources[name])
        assert vendored and ours and vendored.start() < ours.start(), name
    if any("includes/chart.html" in source for source in sources.values()):
        assert loaders, "charts are included, but no page loads Chart.js and charts.js"


def test_base_links_the_print_stylesheet_for_print_only():
    source = template_sources()["base.html"]
    link = re.search(r"<link [^>]*css/print\.css[^>]*>", source)
    assert link, "base.html links no print.css"
    assert "{% static 'css/print.css' %}" in link.group() and 'media="print"' in link.group()
    assert source.index("css/portal.css") < link.start()
    assert finders.find("css/print.css")


def test_no_template_loads_scripts_or_styles_from_another_site():
    remote = re.compile(
        r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//"
        r"|<link\b[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//",
        re.IGNORECASE,
    )
    offenders = [name for name, source in template_sources().items() if remote.search(source)]
    assert offenders == []
