"""Reading a statistics return file (the XLSX another portal's statistics page writes, see
.exports.return_workbook): its "data" sheet of keys and values, checked before anything is kept.

Nothing here writes: .services.return_import keeps what was read, after comparing it with the
street and period the user chose. Every refusal is a sentence for the user (ReturnRefused).
"""

import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import load_workbook

from common.text import without_invisible

from . import rules

DATA_SHEET = "data"
MAX_FILE_BYTES = 5 * 1024 * 1024
TOO_LARGE = _lazy("This file is too large to be a statistics return (over 5 MB).")
# A return is a few kilobytes; a file that unpacks to more is not one (or is a zip bomb).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_DATA_ROWS = 500
META_KEYS = (
    "format",
    "version",
    "level",
    "city",
    "district",
    "street",
    "plan",
    "period_kind",
    "period_start",
    "period_end",
    "generated_at",
    "portal",
)


class ReturnRefused(ValidationError):
    """The file is not a return this portal can take, with the reasons."""


@dataclass(frozen=True)
class ReturnFile:
    """What a return file says: who wrote it, for which street and period, and its figures."""

    meta: dict
    figures: dict
    period_start: datetime.date
    period_end: datetime.date
    generated_at: datetime.datetime


def read_return(data: bytes) -> ReturnFile:
    """Read a return file's bytes; raise ReturnRefused when they are not a return."""
    rows = _data_rows(data)
    meta = {key: _text(rows.get(key)) for key in META_KEYS}
    if meta["format"] != rules.FORMAT:
        raise ReturnRefused(
            _(
                "This file is not a statistics return written by the portal: "
                "its data sheet does not say so."
            )
        )
    if meta["version"] != str(rules.VERSION):
        raise ReturnRefused(
            _(
                "This return is written in layout version %(found)s; "
                "this portal reads version %(known)s."
            )
            % {"found": meta["version"] or "?", "known": rules.VERSION}
        )
    errors = []
    start, end = _day(meta["period_start"]), _day(meta["period_end"])
    if start is None or end is None or start > end:
        errors.append(_("The return's period is not two days, the first before the second."))
    generated = _moment(meta["generated_at"])
    if generated is None:
        errors.append(_("The return does not say when it was written."))
    figures = {key: rows.get(key) for key in rules.KEYS}
    errors += rules.figure_errors(figures)
    if errors:
        raise ReturnRefused(errors)
    return ReturnFile(
        meta=meta,
        figures={key: str(_number(value)) for key, value in figures.items()},
        period_start=start,
        period_end=end,
        generated_at=generated,
    )


def _data_rows(data: bytes) -> dict:
    not_a_workbook = _("This file is not an Excel workbook (.xlsx) written by the portal.")
    if len(data) > MAX_FILE_BYTES:
        raise ReturnRefused(TOO_LARGE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ReturnRefused(_("This file unpacks to far more than a statistics return."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ReturnRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ReturnRefused(not_a_workbook) from error
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise ReturnRefused(
                _(
                    "This file is not a statistics return written by the portal: "
                    "it has no “data” sheet."
                )
            )
        rows = {}
        sheet = workbook[DATA_SHEET]
        for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
            if number > MAX_DATA_ROWS:
                raise ReturnRefused(_("The return's data sheet has far more rows than a return."))
            if number == 1 or not row or row[0] is None:
                continue
            rows[str(row[0]).strip()] = row[1] if len(row) > 1 else None
        return rows
    except ReturnRefused:
        raise
    except Exception as error:
        raise ReturnRefused(not_a_workbook) from error
    finally:
        workbook.close()


def _text(value) -> str:
    return "" if value is None else without_invisible(str(value)).strip()


def _number(value):
    return Decimal(str(value).strip())


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _moment(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
