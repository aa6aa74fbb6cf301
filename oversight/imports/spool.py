"""The rows of a file as its preview read them, kept for the import that follows: a gzipped
JSON-lines copy of each sheet's headings, data rows and skipped row numbers. Reading it back
is several times faster than reading the workbook again (openpyxl parses every cell's XML),
and gives the import exactly the rows the user saw previewed; the import still matches them
with the records as they are then."""

import contextlib
import datetime
import gzip
import json
from collections.abc import Iterator

from .reading import NO_CACHED_VALUE, Row, Sheet

COMPRESSION = 1  # speed over size: the copy lives only until the import


def _encode(value):
    if value is NO_CACHED_VALUE:
        return {"$f": 1}
    if isinstance(value, datetime.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$d": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$t": value.isoformat()}
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if "$f" in value:
            return NO_CACHED_VALUE
        if "$dt" in value:
            return datetime.datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return datetime.date.fromisoformat(value["$d"])
        if "$t" in value:
            return datetime.time.fromisoformat(value["$t"])
    return value


class Writer:
    """Copies the rows of the sheets it is given, as they are read."""

    def __init__(self, path):
        self.out = gzip.open(  # noqa: SIM115 - closed by close(), after the last sheet
            path, "wt", encoding="utf-8", compresslevel=COMPRESSION
        )
        self.dumps = json.JSONEncoder(ensure_ascii=False, default=_encode).encode

    def sheet(self, sheet: Sheet) -> Sheet:
        head = {"sheet": sheet.name, "header_row": sheet.header_row, "headings": sheet.headings}
        self.out.write(self.dumps(head) + "\n")
        return Sheet(sheet.name, sheet.header_row, sheet.headings, self._rows(sheet),
                     sheet.skipped)  # fmt: skip

    def _rows(self, sheet) -> Iterator[Row]:
        for row in sheet.rows:
            self.out.write(self.dumps([row.number, row.values]) + "\n")
            yield row
        self.out.write(self.dumps({"skipped": sheet.skipped}) + "\n")

    def close(self):
        self.out.close()


@contextlib.contextmanager
def read(file) -> Iterator[Iterator[Sheet]]:
    """The sheets of a copy (a binary file object), as reading.read_file gives them."""
    with gzip.open(file, "rt", encoding="utf-8") as lines:
        yield _sheets(lines)


def _sheets(lines) -> Iterator[Sheet]:
    pending = next(lines, None)
    while pending is not None:
        head = json.loads(pending)
        sheet = Sheet(head["sheet"], head["header_row"], head["headings"], iter(()), [])

        def each(sheet=sheet):
            for line in lines:
                item = json.loads(line)
                if isinstance(item, dict):
                    sheet.skipped.extend(item["skipped"])
                    return
                number, values = item
                yield Row(number, [_decode(v) if isinstance(v, dict) else v for v in values])

        sheet.rows = each()
        yield sheet
        for _row in sheet.rows:  # a sheet the caller passed over
            pass
        pending = next(lines, None)
