"""Reading a register file a street office uploads (an Excel workbook, .xlsx, or a CSV file) as
sheets of headings and data rows, streamed: a file of a hundred thousand rows is never held in
memory at once.

The header of a sheet is found among its first rows by the headings the importer knows (the
caller says which); title rows above it are passed over, a two-level header ("基本情况" merged
over "户数 | 面积") is read as one, and blank rows, total rows (合计, 小计) and notes below the
table (填表人：…) are skipped with their numbers kept. Values are given as the file holds them;
.cells reads each one as its column needs.

A file that cannot be read is refused before any row is given, with a sentence saying what is
wrong and what to do (FileRefused): an empty file, one too large, an old .xls workbook, a
password-protected one, a zip bomb, a picture or a PDF, a CSV in an unknown encoding.
"""

import codecs
import contextlib
import csv
import io
import itertools
import os
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .cells import clean_text, is_note_row, is_total_row, normalise_heading

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "NO_CACHED_VALUE",
    "FileRefused",
    "Row",
    "Sheet",
    "read_file",
]

MAX_FILE_BYTES = 64 * 1024 * 1024  # refused before it is read
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # an XLSX that unpacks to more is refused (zip bomb)
MAX_RATIO = 200  # a member of an XLSX compressed more than this is a zip bomb ...
RATIO_MIN_BYTES = 1024 * 1024  # ... when it unpacks to more than this (small XML parts may)
HEADER_SEARCH_ROWS = 15
CHUNK_BYTES = 1024 * 1024
CSV_SAMPLE_BYTES = 64 * 1024
CSV_DELIMITERS = (",", "\t", ";")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Files that are certainly not spreadsheets, by their first bytes.
BINARY_MAGICS = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"RIFF", b"\x1f\x8b",
    b"Rar!", b"7z\xbc\xaf", b"{\\rtf",
)  # fmt: skip
# An HTML page or an Excel 2003 XML file named .xls, as some systems export "Excel".
MARKUP = re.compile(rb"^\s*<(?:!doctype\s+html|html|table|\?xml|\?mso)", re.IGNORECASE)
WORKBOOK_TYPES = re.compile(
    rb"spreadsheetml\.(?:sheet|template)\.main\+xml|ms-excel\.(?:sheet|template)\.macroEnabled"
)
BINARY_WORKBOOK_TYPE = b"ms-excel.sheet.binary"
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class FileRefused(ValidationError):
    """The file cannot be read as a register; its messages are sentences for the user."""


class _NoCachedValue:
    """A formula cell whose file holds no computed value (it was never opened in Excel)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "NO_CACHED_VALUE"

    def __reduce__(self):
        return "NO_CACHED_VALUE"  # pickled by name: the same object after a round trip


NO_CACHED_VALUE = _NoCachedValue()


@dataclass
class Row:
    """A data row: its number as Excel shows it and one value per heading column."""

    number: int
    values: list


@dataclass
class Sheet:
    """A sheet's headings and its data rows, read lazily; ``skipped`` gathers the numbers of the
    blank, total and note rows (and repeated headers) the rows pass over, as they pass them."""

    name: str
    header_row: int
    headings: list[str]
    rows: Iterator[Row]
    skipped: list[int] = field(default_factory=list)


@contextlib.contextmanager
def read_file(source, *, name: str, recognised: Callable[[str], bool]):
    """Open a register file and yield an iterator of its sheets (Sheet); close what was opened
    when the context exits.

    ``source`` is a path or a binary file object (an uploaded file), read from its start; a file
    object given is left open. ``name`` is the name the user gave the file: a CSV file's one
    sheet is named after it. ``recognised(normalised_heading)`` says whether the importer knows a
    heading: the header is the row with the most known headings. A workbook's hidden sheets and
    sheets without any value are passed over; a sheet where no heading is known is given with
    header_row 0, no headings and no rows. FileRefused is raised on entry, or while the sheets or
    rows are iterated, when the file cannot be read; no other exception is raised for a bad file.
    """
    with contextlib.ExitStack() as stack:
        stream = _open(source, stack)
        if _kind(stream) == "xlsx":
            sheets = _workbook_sheets(stream, recognised, stack)
        else:
            sheets = _csv_sheets(stream, name, recognised, stack)
        stack.callback(sheets.close)
        yield sheets


# Messages -------------------------------------------------------------------------------------


def _refused(code: str, **params) -> FileRefused:
    messages = {
        "empty": _("This file is empty. Choose the register's file and upload it again."),
        "too_large": _(
            "This file is larger than %(limit)s MB, more than a register needs. Remove pictures "
            "and sheets the import does not need, or split the register into several files, "
            "and upload again."
        ),
        "no_rows": _(
            "This file has no rows with anything in them. Choose the register's file and "
            "upload it again."
        ),
        "not_spreadsheet": _(
            "This file is not an Excel workbook (.xlsx) or a CSV file. Upload the register as "
            "an .xlsx or .csv file."
        ),
        "legacy_xls": _(
            "This file is an old-style Excel workbook (.xls), which the portal does not read. "
            "Open it in Excel, save it as an Excel workbook (.xlsx) (File → Save As, "
            "文件 → 另存为), and upload it again."
        ),
        "web_export": _(
            "This file is a web page or an XML file named like a spreadsheet, not an Excel "
            "workbook (.xlsx). Open it in Excel, save it as an Excel workbook (.xlsx), and "
            "upload it again."
        ),
        "binary_workbook": _(
            "This file is a binary Excel workbook (.xlsb), which the portal does not read. Open "
            "it in Excel, save it as an Excel workbook (.xlsx), and upload it again."
        ),
        "encrypted": _(
            "This workbook is protected by a password, so it cannot be read. Remove the password "
            "in Excel (File → Info → Protect Workbook → Encrypt with Password, "
            "文件 → 信息 → 保护工作簿 → 用密码进行加密: clear the password and save), and upload "
            "it again."
        ),
        "zip_bomb": _(
            "This file unpacks to far more data than a register holds, so it is not read. Open "
            "it in Excel, save it again as an Excel workbook (.xlsx), and upload it again."
        ),
        "unreadable": _(
            "This file cannot be read as an Excel workbook (.xlsx); it may be damaged. Open it "
            "in Excel, save it again as an Excel workbook (.xlsx), and upload it again."
        ),
        "csv_encoding": _(
            "This CSV file is not in an encoding the portal reads (UTF-8 or GBK). Open it in "
            "Excel and save it as “CSV UTF-8” or as an Excel workbook (.xlsx), and upload it "
            "again."
        ),
        "csv_nul": _(
            "This CSV file holds null characters, so it is not a plain text file. Open it in "
            "Excel and save it as “CSV UTF-8” or as an Excel workbook (.xlsx), and upload it "
            "again."
        ),
        "csv_field": _(
            "Line %(line)s of this CSV file has a cell longer than %(limit)s characters, which "
            "a register does not hold (perhaps a quotation mark is not closed). Correct the "
            "file, or save it as an Excel workbook (.xlsx), and upload it again."
        ),
        "csv_malformed": _(
            "Line %(line)s of this CSV file cannot be read as CSV. Open the file in Excel, save "
            "it again, and upload it again."
        ),
    }
    return FileRefused(messages[code] % params if params else messages[code], code=code)


# Opening and recognising the file -------------------------------------------------------------


class _Borrowed(io.RawIOBase):
    """A caller's binary file object, read through without being closed."""

    def __init__(self, source):
        self._source = source

    def readable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, buffer):
        data = self._source.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset, whence=io.SEEK_SET):
        return self._source.seek(offset, whence)

    def tell(self):
        return self._source.tell()


def _open(source, stack) -> io.BufferedReader:
    """A seekable binary stream of the file from its start, after its size is checked."""
    if isinstance(source, str | os.PathLike):
        check_size(os.stat(source).st_size)
        return stack.enter_context(open(source, "rb"))
    seekable = getattr(source, "seekable", None)
    if seekable is not None and seekable():
        source.seek(0, io.SEEK_END)
        check_size(source.tell())
        source.seek(0)
    else:  # a stream that cannot seek: copied to a temporary file, no further than the limit
        spool = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK_BYTES)  # noqa: SIM115
        copy = stack.enter_context(spool)
        while chunk := source.read(CHUNK_BYTES):
            copy.write(chunk)
            if copy.tell() > MAX_FILE_BYTES:
                break
        check_size(copy.tell())
        copy.seek(0)
        source = copy
    stream = io.BufferedReader(_Borrowed(source), buffer_size=64 * 1024)
    stack.callback(stream.close)
    return stream


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes that is empty or too large, before it is kept or read
    (the upload form and the service ask too, with this sentence)."""
    if size == 0:
        raise _refused("empty")
    if size > MAX_FILE_BYTES:
        raise _refused("too_large", limit=MAX_FILE_BYTES // (1024 * 1024) or 1)


def _kind(stream) -> str:
    """ "xlsx" or "csv" by the file's content (not its name), or refused."""
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith(ZIP_MAGICS):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        raise _ole2_refusal(stream)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if MARKUP.match(head.removeprefix(codecs.BOM_UTF8)):
        raise _refused("web_export")
    if head.startswith(BINARY_MAGICS) or head[4:8] == b"ftyp" or _looks_binary(head):
        raise _refused("not_spreadsheet")
    return "csv"


def _looks_binary(head: bytes) -> bool:
    controls = sum(head.count(bytes([code])) for code in (*range(9), *range(14, 32)))
    return b"\x00" in head or controls > len(head) // 100


def _ole2_refusal(stream) -> FileRefused:
    """An OLE2 compound file: an encrypted XLSX (it holds an "EncryptionInfo" stream), a legacy
    .xls workbook (a "Workbook" or "Book" stream), or something else (a .doc)."""
    names = {
        "encrypted": "EncryptionInfo".encode("utf-16-le"),
        "legacy_xls": "Workbook".encode("utf-16-le"),
        "legacy_book": "Book".encode("utf-16-le") + b"\x00\x00",
    }
    found = set()
    tail = b""
    while chunk := stream.read(CHUNK_BYTES):
        data = tail + chunk
        found.update(key for key, name in names.items() if name in data)
        tail = data[-32:]
    stream.seek(0)
    if "encrypted" in found:
        return _refused("encrypted")
    if found & {"legacy_xls", "legacy_book"}:
        return _refused("legacy_xls")
    return _refused("not_spreadsheet")


# Workbooks ------------------------------------------------------------------------------------


def _workbook_sheets(stream, recognised, stack) -> Iterator[Sheet]:
    archive = _checked_archive(stream)
    stack.callback(archive.close)
    try:
        workbook = _load_workbook(stream)
    except Exception as error:  # openpyxl raises many kinds on a file it cannot read
        raise _refused("unreadable") from error
    stack.callback(workbook.close)
    return _each_worksheet(workbook, archive, recognised, stack)


class _SizedByItsRows(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size when the workbook is opened.

    openpyxl reads each sheet's <dimension> on opening, and a sheet without one (as openpyxl and
    many exporting programs write them) is parsed to its end for it: every sheet of the file,
    whether it is read or not, each time the file is opened. The size is not needed: the rows
    are read to the last (reset_dimensions), so it is left unknown."""

    def _get_size(self):
        self._max_row = self._max_column = None


class _Reader(ExcelReader):
    """openpyxl's reader in read-only mode, with sheets that are sized by their rows."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _SizedByItsRows(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _load_workbook(stream):
    """openpyxl's load_workbook(stream, read_only=True, data_only=True), sheets unsized."""
    reader = _Reader(stream, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _checked_archive(stream) -> zipfile.ZipFile:
    """The file's zip archive, once its sizes and its content types show it is a workbook."""
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except Exception as error:  # zipfile raises many kinds on a damaged archive
        raise _refused("unreadable") from error
    try:
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES or any(
            member.file_size > RATIO_MIN_BYTES
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        ):
            raise _refused("zip_bomb")
        content_types = next(
            (member for member in members if member.filename == "[Content_Types].xml"), None
        )
        if content_types is None or content_types.file_size > CHUNK_BYTES:
            raise _refused("not_spreadsheet")
        try:
            types = archive.read(content_types)
        except Exception as error:
            raise _refused("unreadable") from error
        if BINARY_WORKBOOK_TYPE in types:
            raise _refused("binary_workbook")
        if not WORKBOOK_TYPES.search(types):
            raise _refused("not_spreadsheet")
    except FileRefused:
        archive.close()
        raise
    return archive


def _each_worksheet(workbook, archive, recognised, stack) -> Iterator[Sheet]:
    any_sheet = False
    for worksheet in workbook.worksheets:
        if worksheet.sheet_state != "visible":
            continue
        raw = _worksheet_rows(worksheet, archive)
        stack.callback(raw.close)
        sheet = _sheet(worksheet.title, raw, recognised, pad=None)
        if sheet is not None:
            stack.callback(sheet.rows.close)
            any_sheet = True
            yield sheet
    if not any_sheet:
        raise _refused("no_rows")


def _worksheet_rows(worksheet, archive) -> Iterator[tuple[int, tuple]]:
    """(Excel row number, values) of every row of a worksheet, blank ones included; a formula
    cell with no computed value in the file is NO_CACHED_VALUE."""
    try:
        path = getattr(worksheet, "_worksheet_path", None)
        missing = _uncached_formulas(archive, path) if _has_formulas(archive, path) else None
        pending = next(missing, None) if missing is not None else None
        worksheet.reset_dimensions()  # the <dimension> some writers give is wrong: read it all
        rows = worksheet.iter_rows(min_row=1, values_only=True)
        for number, values in enumerate(rows, start=1):
            while pending is not None and pending[0] < number:
                pending = next(missing, None)
            if pending is not None and pending[0] == number:
                values = list(values)
                for column in pending[1]:
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    if values[column - 1] is None:
                        values[column - 1] = NO_CACHED_VALUE
            yield number, values
    except FileRefused:
        raise
    except Exception as error:  # openpyxl, zipfile and the XML parser raise many kinds
        raise _refused("unreadable") from error


def _has_formulas(archive, path) -> bool:
    """Whether a sheet's XML has a formula element, by a scan of its bytes (no parsing)."""
    if not path:
        return True  # openpyxl did not say where the sheet is: look at every cell
    tail = b""
    with archive.open(path.lstrip("/")) as source:
        while chunk := source.read(CHUNK_BYTES):
            if FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _uncached_formulas(archive, path) -> Iterator[tuple[int, list[int]]]:
    """(row number, columns) of the formula cells of a sheet that hold no computed value, in
    order of rows: an <f> with no <v>, or an empty <v> (as openpyxl writes a formula) in a cell
    not of type "str" (Excel writes a formula whose value is an empty text as t="str", <v/>)."""
    with archive.open(path.lstrip("/")) as source:
        number = 0
        parser = etree.iterparse(
            source, events=("end",), tag="{*}row", resolve_entities=False, no_network=True
        )
        for _event, row in parser:
            number = int(row.get("r") or number + 1)
            cells = _UNCACHED_CELLS(row)  # in C: only the cells looked at here are formulas
            if cells:
                yield number, [_column(cell) for cell in cells]
            row.clear(keep_tail=True)
            while row.getprevious() is not None:
                del row.getparent()[0]


_UNCACHED_CELLS = etree.XPath(
    "*[local-name()='c' and *[local-name()='f'] and not(@t='str')"
    " and not(*[local-name()='v' and string-length()>0])]"
)


def _column(cell) -> int:
    """A cell's column number: from its reference, or one after the cell before it (as openpyxl
    counts a cell written without a reference)."""
    reference = cell.get("r")
    if reference:
        return column_index_from_string(coordinate_from_string(reference)[0])
    before = cell.getprevious()
    while before is not None and not (isinstance(before.tag, str) and before.tag.endswith("c")):
        before = before.getprevious()
    return 1 if before is None else _column(before) + 1


# CSV ------------------------------------------------------------------------------------------


def _csv_sheets(stream, name, recognised, stack) -> Iterator[Sheet]:
    encoding = _csv_encoding(stream)
    delimiter = _csv_delimiter(stream, encoding)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    stack.callback(text.detach)  # the stream is closed by its own callback
    raw = _csv_rows(text, delimiter)
    stack.callback(raw.close)
    sheet = _sheet(PurePath(name).stem or name, raw, recognised, pad="")
    if sheet is None:
        raise _refused("no_rows")
    stack.callback(sheet.rows.close)
    return _one(sheet)


def _one(sheet) -> Iterator[Sheet]:
    yield sheet


def _csv_encoding(stream) -> str:
    """The CSV file's encoding: UTF-16 when it starts with its byte-order mark, else UTF-8 (with
    or without its mark) when all of it decodes as UTF-8, else GB18030 (GBK's superset, what
    Excel on Chinese Windows writes). Checked over the whole file, a chunk at a time. A file
    with nothing but blanks and separators is refused."""
    head = stream.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    content = re.compile(r"[^\s,;\"']")
    for encoding in candidates:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        has_content = False
        try:
            while True:
                chunk = stream.read(CHUNK_BYTES)
                text = decoder.decode(chunk, final=not chunk)
                if "\x00" in text:
                    raise _refused("csv_nul")
                has_content = has_content or bool(content.search(text))
                if not chunk:
                    break
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        if not has_content:
            raise _refused("no_rows")
        return encoding
    raise _refused("csv_encoding")


def _csv_delimiter(stream, encoding) -> str:
    """The delimiter among CSV_DELIMITERS that splits the first lines most consistently into
    more than one field; a comma when none does."""
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(
        stream.read(CSV_SAMPLE_BYTES)
    )
    stream.seek(0)
    lines = sample.splitlines(keepends=True)
    if len(sample) >= CSV_SAMPLE_BYTES // 4 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = lines[:50]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in CSV_DELIMITERS:
        try:
            counts = [
                len(record)
                for record in csv.reader(lines, delimiter=delimiter)
                if any(value.strip() for value in record)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, times = Counter(counts).most_common(1)[0]
        score = (mode > 1, round(times / len(counts), 2), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text, delimiter) -> Iterator[tuple[int, list]]:
    """(record number, values) of every record; the record number is the row Excel shows when
    it opens the file (the line number, unless a quoted cell spans lines)."""
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
            line = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _refused("csv_field", line=line, limit=csv.field_size_limit()) from error
        raise _refused("csv_malformed", line=line) from error
    except UnicodeDecodeError as error:
        raise _refused("csv_encoding") from error


# Sheets ---------------------------------------------------------------------------------------


def _sheet(name, raw, recognised, *, pad) -> Sheet | None:
    """The sheet of these rows, its header found; None when it has no value at all."""
    head = list(itertools.islice(raw, HEADER_SEARCH_ROWS))
    header = _Header.find(head, recognised)
    if header is None:
        if any(not _is_blank(values) for _number, values in head) or any(
            not _is_blank(values) for _number, values in raw
        ):
            return Sheet(name=name, header_row=0, headings=[], rows=_no_rows())
        return None
    sheet = Sheet(name=name, header_row=header.last_row, headings=header.headings, rows=_no_rows())
    following = itertools.chain(head[header.last_index + 1 :], raw)
    sheet.rows = _data_rows(sheet, following, header, pad)
    return sheet


def _no_rows() -> Iterator[Row]:
    yield from ()


def _data_rows(sheet, rows, header, pad) -> Iterator[Row]:
    width = len(sheet.headings)
    blank_from = None
    for number, values in rows:
        if _is_blank(values):
            if blank_from is None:
                blank_from = number
            continue
        if blank_from is not None:  # blank rows count once a row follows (not at the end)
            sheet.skipped.extend(range(blank_from, number))
            blank_from = None
        if is_total_row(values) or is_note_row(values) or header.repeated(values):
            sheet.skipped.append(number)
            continue
        values = list(values[:width])
        if len(values) < width:
            values.extend([pad] * (width - len(values)))
        yield Row(number=number, values=values)


def _is_blank(values) -> bool:
    for value in values:
        if value is None or value == "":
            continue
        if not isinstance(value, str) or clean_text(value):
            return False
    return True


def _text(value) -> str:
    return "" if value is NO_CACHED_VALUE else clean_text(value)


class _Header:
    """The header of a sheet among its first rows: the row with the most known headings, and the
    row above or below it when the two make a two-level header."""

    def __init__(self, rows: list[list[str]], headings: list[str], last_row: int, last_index):
        # The header's rows' texts and their first column with a text, to know them repeated.
        self.rows = [
            (row, next(column for column, text in enumerate(row) if text))
            for row in rows
            if any(row)
        ]
        self.headings = headings
        self.last_row = last_row
        self.last_index = last_index

    @classmethod
    def find(cls, head, recognised) -> "_Header | None":
        known = _Known(recognised)
        texts = [[_text(value) for value in values] for _number, values in head]
        scores = [sum(1 for text in row if known(text)) for row in texts]
        if not scores or max(scores) == 0:
            return None
        best = scores.index(max(scores))
        span = [column for column, text in enumerate(texts[best]) if text]
        first, last = span[0], span[-1]
        if best > 0 and _second_level(texts[best - 1], texts[best], first, last, known, "upper"):
            upper, lower = best - 1, best
        elif best + 1 < len(texts) and _second_level(
            texts[best], texts[best + 1], first, last, known, "lower", head[best + 1][1]
        ):
            upper, lower = best, best + 1
        else:
            headings = list(texts[best])
            return cls([texts[best]], _trimmed(headings), head[best][0], best)
        headings = _combined(texts[upper], texts[lower], known)
        return cls([texts[upper], texts[lower]], _trimmed(headings), head[lower][0], lower)

    def repeated(self, values) -> bool:
        """Whether a data row repeats a row of the header (a header printed on every page)."""
        for header, first in self.rows:
            if first >= len(values) or not isinstance(values[first], str):
                continue
            if clean_text(values[first]) != header[first]:
                continue
            texts = [_text(value) for value in values[: len(header)]]
            same = sum(1 for column, text in enumerate(header) if text and texts[column] == text)
            if same * 2 > sum(1 for text in header if text):
                return True
        return False


class _Known:
    """recognised(normalise_heading(text)), asked once per text."""

    def __init__(self, recognised):
        self._recognised = recognised
        self._answers = {}

    def __call__(self, text: str) -> bool:
        if not text:
            return False
        if text not in self._answers:
            self._answers[text] = bool(self._recognised(normalise_heading(text)))
        return self._answers[text]


def _second_level(upper, lower, first, last, known, which, raw_lower=()) -> bool:
    """Whether the row above (which="upper": ``upper`` is the candidate) or below
    (which="lower") the best row belongs to the header, within the best row's columns
    first..last: it knows a heading there, or has headings where the best row is blank (a
    vertical merge, or a group's sub-headings), or its texts joined with the other row's name a
    known heading ("面积" over "建筑"). A row below must hold no number (a data row does)."""
    candidate = upper if which == "upper" else lower
    best = lower if which == "upper" else upper
    columns = range(first, last + 1)
    cells = [
        column
        for column in columns
        if column < len(candidate) and candidate[column] and ":" not in candidate[column]
    ]  # "填报单位：文化路街道" and "单位：户" are labels, not headings
    if not cells:
        return False
    if which == "lower" and any(_is_number(value) for value in raw_lower):
        return False
    if any(known(candidate[column]) for column in cells):
        return True
    if which == "lower" and not any(
        (column >= len(lower) or not lower[column]) and column < len(upper) and upper[column]
        for column in columns
    ):
        return False  # sub-headings leave blank the columns of the headings merged downwards
    if any(column >= len(best) or not best[column] for column in cells):
        return True
    filled = _filled(upper, lower)
    return any(
        column < len(lower) and lower[column] and _joined(filled[column], lower[column], known)
        for column in columns
        if column < len(filled)
    )


def _is_number(value) -> bool:
    if isinstance(value, str):
        return bool(re.fullmatch(r"[-+]?[\d,]+(?:\.\d+)?", clean_text(value)))
    return value is not None and value is not NO_CACHED_VALUE and not isinstance(value, bool)


def _filled(upper, lower) -> list[str]:
    """The upper row's texts carried right across the blank cells of a merge: over the columns
    where the lower row has a text, from an upper cell that itself has a text below it."""
    filled, carried = [], ""
    for column in range(max(len(upper), len(lower))):
        text = upper[column] if column < len(upper) else ""
        below = lower[column] if column < len(lower) else ""
        if text:
            carried = text if below else ""
            filled.append(text)
        else:
            filled.append(carried if below else "")
            carried = carried if below else ""
    return filled


def _joined(upper: str, lower: str, known) -> str:
    """The known heading the two texts make together ("户数" + "(户)", "建筑" + "面积"), or ""."""
    if not upper or not lower:
        return ""
    for text in (upper + lower, lower + upper):
        if known(text):
            return text
    return ""


def _combined(upper, lower, known) -> list[str]:
    """One heading per column of a two-level header: the lower text when it is known, else the
    two joined when that is known, else the upper text (carried across a merge) when the lower
    is blank, else both ("面积 占地面积": a sub-heading not known is not taken for its group)."""
    filled = _filled(upper, lower)
    headings = []
    for column in range(len(filled)):
        above = filled[column]
        below = lower[column] if column < len(lower) else ""
        if below and known(below):
            headings.append(below)
        elif joined := _joined(above, below, known):
            headings.append(joined)
        elif not below or not above:
            headings.append(above or below)
        else:
            headings.append(f"{above} {below}")
    return headings


def _trimmed(headings: list[str]) -> list[str]:
    while headings and not headings[-1]:
        headings.pop()
    return headings
