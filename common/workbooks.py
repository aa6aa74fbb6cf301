"""The one writer of every workbook the portal produces: the list exports, the reports, the
dashboard's figures, the statistics return, the register's import templates.

A cell holds what the data holds and is never a formula unless the code says so:
- text is stored as text (the cell's ``data_type`` set to ``"s"``), so a name a user typed as
  ``=cmd|' /C calc'!A0``, ``+1+1``, ``-2+3`` or ``@SUM(1)`` is shown as typed and never
  evaluated; text that begins as a formula would (``=``, ``+``, ``-``, ``@``, a tab, a line
  break, or their full-width forms) also carries Excel's quote prefix, so that editing the cell
  keeps it text;
- numbers, dates and date-times as themselves (date-times in local time, without a zone);
- a formula only when the code writes ``formula("=SUM(B2:B9)")``.

A workbook is made by ``new_workbook()``, its rows written by ``append`` (a write-only or a
normal sheet) or its cells by ``put`` (a normal sheet), and it is sent by ``xlsx_download``
(a file name in any script, as RFC 5987 gives it; no cache keeps a copy: workbooks hold personal
data). The portal writes no CSV. Reading a workbook (an import) is the business of its reader
(oversight/imports/reading.py, oversight/statistics/returns_import.py), never of this module.
``tests/test_workbooks.py`` holds every module to it.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL_CHARACTERS = 32767  # Excel's limit
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0%"
TEXT_FORMAT = "@"  # what Excel keeps as typed in a cell: a template's example row
LIST_SEPARATOR = "、"
BOLD = Font(bold=True)
# What makes Excel (or LibreOffice, or a CSV reader) read typed text as a formula (OWASP's
# list: = + - @ tab and carriage return; a line feed; the full-width signs a Chinese input
# method types).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("\\/*?:[]", " "))


@dataclass(frozen=True)
class Formula:
    """A formula the code means (see ``formula``); any other value is written as data."""

    text: str


def formula(text: str) -> Formula:
    """Mark ``text`` ("=SUM(B2:B9)") as a formula the code writes on purpose."""
    if not isinstance(text, str) or not text.startswith("="):
        raise ValueError(f"A formula begins with '=': {text!r}.")
    return Formula(text)


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An empty workbook: write-only (rows streamed with ``append``) for a list of any length,
    or normal (one active sheet) for a workbook laid out by hand."""
    return Workbook(write_only=write_only)


def cell_value(value):
    """Return what a cell holds for a value read from data: numbers and dates as themselves
    (date-times in local time), yes or no for booleans, lists joined, anything else (lazy
    translations, phone numbers, model instances) as text without the characters XML cannot
    hold, cut at Excel's limit; None and "" as nothing; a ``Formula`` as itself."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if value is None or isinstance(value, int | float | Decimal | Formula):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value if item not in (None, ""))
    if isinstance(value, Promise):
        value = str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARACTERS]
    return text or None


def _default_format(value) -> str | None:
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if isinstance(value, Decimal):
        return DECIMAL_FORMAT
    return None


def _store(cell, value, number_format=None, font=None):
    """Give ``cell`` a value read by ``cell_value``: text as text, whatever it begins with."""
    if isinstance(value, Formula):
        cell.value = value.text
    else:
        cell.value = value
        if isinstance(value, str):
            # openpyxl makes "=..." a formula and "#N/A" an error: text stays text.
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
    if isinstance(value, str):  # a number format on text (a share's 0% on "-") means nothing
        number_format = number_format if number_format == TEXT_FORMAT else None
    else:
        number_format = number_format or _default_format(value)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _needs_cell(value, number_format, font) -> bool:
    if font is not None or isinstance(value, Formula):
        return True
    if isinstance(value, str):
        return value.startswith(FORMULA_STARTS) or value in ERROR_CODES
    return bool(number_format) or _default_format(value) is not None


def _row_cell(sheet, value, number_format=None, font=None, *, read=False):
    """A value for ``sheet.append``: None, the value itself where openpyxl stores it as it is
    (a number, plain text: the fast way of a long list), else a cell."""
    if not read:
        value = cell_value(value)
    if value is None:
        return None
    if isinstance(sheet, WriteOnlyWorksheet):
        if not _needs_cell(value, number_format, font):
            return value
        return _store(WriteOnlyCell(sheet), value, number_format, font)
    return _store(Cell(sheet), value, number_format, font)


def append(sheet, values, *, font=None, number_formats=None, read=False) -> None:
    """Write ``values`` as the next row of ``sheet`` (write-only or normal), each value as
    ``cell_value`` reads it, in bold with ``font=BOLD``; ``number_formats`` (one a value, None
    for the default) format numbers and dates. ``read=True`` says the values are already what
    ``cell_value`` returned (a long list's rows, read once)."""
    values = list(values)
    formats = list(number_formats or ()) + [None] * (len(values) - len(number_formats or ()))
    sheet.append(
        [
            _row_cell(sheet, value, number_format, font, read=read)
            for value, number_format in zip(values, formats, strict=False)
        ]
    )


def put(sheet, row: int, column: int, value, *, number_format=None, font=None):
    """Write ``value`` into the cell at ``row`` and ``column`` of a normal sheet (as
    ``append`` writes it) and return the cell, for a style of its own."""
    cell = sheet.cell(row=row, column=column)
    value = cell_value(value)
    if value is None:
        cell.value = None
        if font is not None:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        return cell
    return _store(cell, value, number_format, font)


def sheet_title(title) -> str:
    """A sheet's name as Excel takes it: 31 characters at most, none of \\ / * ? : [ ]."""
    return (str(title).translate(_SHEET_TITLE_FORBIDDEN).strip() or "Sheet")[:31]


def xlsx_bytes(workbook) -> bytes:
    """The workbook, saved."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_download(workbook, filename: str, *, block_size: int | None = None):
    """A download of ``workbook`` (a Workbook, its bytes, or an open file of them, which is
    streamed and closed once sent) named ``filename`` (in any script: RFC 5987's filename*),
    kept by no cache (the rows may hold residents' names and phones)."""
    if isinstance(workbook, Workbook):
        workbook = xlsx_bytes(workbook)
    if isinstance(workbook, bytes):
        response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(
            workbook, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
        )
        if block_size:
            response.block_size = block_size
    response["Cache-Control"] = "private, no-store"
    return response
