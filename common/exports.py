"""Every staff list as an XLSX spreadsheet: the rows the page lists, with the same filters and
the same scope, all of them rather than a page, with the headings in the active language.

A list page adds its export in two lines after filtered_page()::

    if response := list_export(request, context, exports.COMPOUNDS):
        return response

Each app describes its lists' columns in its own ``exports`` module (a ListExport: a title,
a file name and Columns, or for a model's fields just their paths, headed by the fields' own
verbose names). The workbook is written row by row (common.workbooks, write-only) into
a temporary file while the query is read in chunks, so memory stays flat however long the
list; the finished file is then streamed to the browser in blocks.
"""

import datetime
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, QueryDict
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from common.names import person_name

from . import clock
from .workbooks import (  # noqa: F401 - the names the lists' exports and their tests use
    BOLD,
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    LIST_SEPARATOR,
    MAX_CELL_CHARACTERS,
    PERCENT_FORMAT,
    XLSX_CONTENT_TYPE,
    append,
    cell_value,
    new_workbook,
    sheet_title,
    xlsx_download,
)

FORMAT_PARAMETER = "format"
CHUNK_SIZE = 2000  # rows read from the database at a time
BLOCK_SIZE = 64 * 1024  # bytes sent to the browser at a time
SAMPLE_ROWS = 50  # rows the column widths are measured on (held in memory meanwhile)
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """One column of a spreadsheet.

    ``heading`` is a (lazily) translated string. ``value`` is a dotted attribute path read on
    each row ("compound.community.name"; a field with choices gives its display label) or a
    callable taking the row. ``number_format`` overrides the cell format (PERCENT_FORMAT for a
    share from 0 to 1); ``width`` replaces the measured width, in characters.
    """

    heading: Any
    value: str | Callable[[Any], Any]
    number_format: str | None = None
    width: float | None = None

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        *path, name = self.value.split(".")
        owner = row
        for step in path:
            owner = getattr(owner, step)
            if owner is None:  # a relation left empty: an empty cell
                return None
        display = getattr(owner, f"get_{name}_display", None)
        return display() if display is not None else getattr(owner, name)


# The first column of most lists: the record's number, as the admin and the API name it.
ID = Column(gettext_lazy("ID"), "pk")


@dataclass(frozen=True)
class ListExport:
    """What a list page exports: the sheet's ``title``, the file's name (``filename``, without
    the date and extension), its columns, and what reading them needs beyond the page's
    queryset: relations to join, and ``batch``, a function given each chunk of rows (a list)
    that returns them ready to read, for figures computed a chunk at a time (the way the page
    computes them for its page of rows).

    A column given as a dotted path of the rows' ``model`` instead of a Column is headed by the
    model's own label for it (see field_heading): ``"community.street.name"`` is "street"."""

    title: Any
    filename: str
    columns: Sequence[Column | str]
    model: Any = None
    select_related: Sequence[str] = ()
    batch: Callable[[list], Iterable] | None = None

    def __post_init__(self):
        columns = tuple(
            column
            if isinstance(column, Column)
            else Column(field_heading(self.model, column), column)
            for column in self.columns
        )
        object.__setattr__(self, "columns", columns)


def field_heading(model, path: str):
    """The heading of a column reading ``path`` on ``model``'s rows: the field's verbose name,
    or for an attribute of a related record ("compound.community.name") the verbose name of
    the last relation on the way (community)."""
    *relations, name = path.split(".")
    relation = None
    for step in relations:
        relation = model._meta.get_field(step)
        model = relation.related_model
    field = relation if relation is not None else model._meta.get_field(name)
    return field.verbose_name


def wants_xlsx(request) -> bool:
    """Whether the request asks for the list as a spreadsheet (``?format=xlsx``)."""
    return request.GET.get(FORMAT_PARAMETER) == "xlsx"


def list_export(request, context: dict, export: ListExport) -> FileResponse | None:
    """Return the spreadsheet of a list page when the request asks for one and its filters are
    valid; None otherwise, and the view renders the page (with the filters' errors, if any).

    ``context`` is what common.forms.filtered_page() returned: the filterset, already
    bound to the query string, gives the rows, scoped to the user as on the page. Its
    ``query`` (used by the page's links) loses the format parameter, so that no link of a page
    shown instead of a spreadsheet asks for one again.
    """
    query = QueryDict(context.get("query", ""), mutable=True)
    if FORMAT_PARAMETER in query:
        query.pop(FORMAT_PARAMETER)
        context["query"] = query.urlencode()
    if not wants_xlsx(request):
        return None
    filterset = context["filterset"]
    if not filterset.is_valid():
        return None
    rows = filterset.qs
    if export.select_related:
        rows = rows.select_related(*export.select_related)
    return xlsx_response(
        rows, export.columns, filename=export.filename, title=export.title, batch=export.batch
    )


def xlsx_response(
    rows: Iterable,
    columns: Sequence[Column],
    *,
    filename: str,
    title,
    batch: Callable[[list], Iterable] | None = None,
) -> FileResponse:
    """Write ``rows`` into a workbook (see write_xlsx) and return it as a download named
    ``<filename>-<today>.xlsx``, streamed from a temporary file that is removed once sent."""
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    try:
        write_xlsx(stream, rows, columns, title=title, batch=batch)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    return xlsx_download(stream, f"{filename}-{clock.today():%Y-%m-%d}.xlsx", block_size=BLOCK_SIZE)


def write_xlsx(out, rows: Iterable, columns: Sequence[Column], *, title, batch=None) -> int:
    """Write a sheet named ``title``: a bold, frozen header row of the columns' headings, then
    one line per row, with an autofilter. Return the number of rows written.

    A queryset is read with .iterator() in chunks of CHUNK_SIZE rows and each line is written
    as soon as it is read; only the first SAMPLE_ROWS lines wait, to measure the columns.
    """
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    headings = [str(column.heading) for column in columns]
    lines = ([cell_value(column.read(row)) for column in columns] for row in _rows(rows, batch))
    sample = list(islice(lines, SAMPLE_ROWS))
    for index, (column, heading) in enumerate(zip(columns, headings, strict=True)):
        width = column.width or _measure(heading, (line[index] for line in sample))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    append(sheet, headings, font=BOLD)
    formats = [column.number_format for column in columns]
    count = 0
    for line in chain(sample, lines):
        append(sheet, line, number_formats=formats, read=True)
        count += 1
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(out)
    return count


def _rows(rows: Iterable, batch) -> Iterator:
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    rows = iter(rows)
    if batch is None:
        return rows
    return _batched(rows, batch)


def _batched(rows: Iterator, batch) -> Iterator:
    while chunk := list(islice(rows, CHUNK_SIZE)):
        yield from batch(chunk)


def _measure(heading: str, values: Iterable) -> float:
    """A column's width in characters: its widest cell among the heading and the sample, CJK
    characters counting twice, within MIN_WIDTH and MAX_WIDTH."""
    widest = _text_width(heading) + 2  # room for the autofilter's button
    for value in values:
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            width = 16
        elif isinstance(value, datetime.date):
            width = 10
        elif isinstance(value, Decimal):
            width = len(f"{value:,.2f}")
        else:
            width = max(_text_width(line) for line in str(value).splitlines() or [""])
        widest = max(widest, width)
    return min(max(widest + 1, MIN_WIDTH), MAX_WIDTH)


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def display_name(user) -> str | None:
    """A user as the pages name them: full name, else username; None for no user."""
    if user is None:
        return None
    return person_name(user)
