"""Reading one cell of a register spreadsheet as street offices type it: counts with their units
("75栋", "3,251户", "1.2万"), areas and amounts ("3.1万㎡", "1,234.56元"), dates as text
("2020年5月12日", "2020.05") or as Excel serial numbers, years, yes/no marks, and headings
("户数（户）", "*小区名称"). Also which rows are totals (合计, 小计) or notes below a table.

Pure functions: no database, no Django models. A cell that cannot be read as the column needs
raises CellError, whose text is a sentence for the user naming what the cell holds. An empty cell
(or one holding only a dash or slash, the offices' "nothing here") reads as None: whether a value
is required is the caller's rule.
"""

import datetime
import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from common.text import without_invisible

__all__ = [
    "CellError",
    "clean_text",
    "is_note_row",
    "is_total_row",
    "normalise_heading",
    "parse_bool",
    "parse_count",
    "parse_date",
    "parse_decimal",
    "parse_year",
]

# Units a count may carry after its number ("75栋", "3,251户", "2单元").
COUNT_UNITS = ("户", "栋", "幢", "层", "个", "处", "部", "台", "单元", "套", "间", "人")
# Units an area, length or amount may carry; dropped without conversion (万 is the one multiplier).
DECIMAL_UNITS = (
    "平方米", "平米", "平方", "㎡", "m2", "m²", "公里", "千米", "km", "米", "m", "元", "%",
)  # fmt: skip
# Multipliers written between a number and its unit ("1.2万", "3.1万㎡", "0.5亿元").
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
# Plausible Excel serial numbers for a date: 1950-01-01 .. 2100-12-31.
SERIAL_RANGE = (18_264, 73_415)
EXCEL_EPOCH = datetime.date(1899, 12, 30)
YEAR_RANGE = (1900, 2100)
TOTAL_WORDS = ("合计", "小计", "总计", "累计", "共计")
TOTAL_WORDS_LATIN = ("total", "subtotal", "grandtotal")
NOTE_STARTS = (
    "填表人", "填报人", "制表人", "审核人", "负责人", "联系人", "联系电话",
    "填表日期", "填报日期", "制表日期", "填表时间", "填报时间", "注:", "说明:", "备注:",
)  # fmt: skip
TRUE_WORDS = frozenset({"是", "有", "√", "✓", "✔", "y", "yes", "true", "1"})
FALSE_WORDS = frozenset({"否", "无", "没有", "×", "✗", "✘", "n", "no", "false", "0"})
MESSAGE_TEXT_LENGTH = 40

# Full-width ASCII (U+FF01..U+FF5E) to half-width; the spaces of other widths to " ". Chinese
# punctuation outside the full-width ASCII block (、。《》“”) is kept as it is. The invisible
# characters (zero-width, bidirectional controls, every format character) are dropped by
# common.text.without_invisible, as on every other input path.
_TRANSLATION = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TRANSLATION.update(dict.fromkeys([0x00A0, 0x3000, 0x202F, 0x205F, *range(0x2000, 0x200B)], " "))
_WHITESPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"[-—–/\\]+")  # "-", "—", "/" in a cell: nothing to say
_NUMBER = re.compile(r"(?P<sign>[-+−])?\s*(?P<digits>\d[\d,]*(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_DAY = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
    r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_MONTH = re.compile(r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*月?")
_COMPACT_DAY = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_YEAR = re.compile(r"(?P<year>\d{4})\s*年?")
_MARKERS = "*★☆"
# A unit in brackets at the end of a heading: "（㎡）", "(m2)", "（户）", "(万元)", "（单位：户）",
# "（是/否）". Only unit-like words are dropped: "面积（地上）" keeps its words.
_UNIT_CHARS = (
    r"a-z0-9%‰²³㎡㎞/.·、,_\-"
    "户栋幢层个处部台单元套间人元万千百亿平方米公里吨年月日份岁次辆座株棵根条项张所组名"
    "是否有无"
)
_BRACKETED_UNIT = re.compile(
    rf"[(\[【〔]\s*(?:单位\s*[:：]?\s*)?[{_UNIT_CHARS}]{{1,12}}\s*[)\]】〕]$"
)


class CellError(ValueError):
    """A cell's value cannot be read as the column needs; str(error) is a sentence for the user.

    ``text`` is the cell's text as the user sees it (cleaned, shortened).
    """

    def __init__(self, message, text=""):
        super().__init__(message)
        self.text = text


def clean_text(value) -> str:
    """The text of a cell as a person reads it: full-width letters, digits and punctuation of the
    ASCII block made half-width, every kind of space a plain one, invisible characters dropped,
    runs of whitespace one space, no space at either end. An integral float is written without
    its ".0" (Excel stores "301" typed in a cell as 301.0); a date without a time of day as
    2020-05-12."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        text = value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    else:
        text = str(value)
    text = without_invisible(text.translate(_TRANSLATION))
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case: nothing to collapse
    return _WHITESPACE.sub(" ", text).strip()


def normalise_heading(value) -> str:
    """A heading as the importer matches it: clean_text without any whitespace ("户 数" is 户数),
    without a unit in brackets at its end ("面积（㎡）", "户数（户）", "面积(m2)"), without the
    required-column markers "*" and "★", Latin letters in lower case."""
    text = _WHITESPACE.sub("", clean_text(value)).lower().strip(_MARKERS)
    while True:
        shorter = _BRACKETED_UNIT.sub("", text).strip(_MARKERS)
        if shorter == text or not shorter:
            return text
        text = shorter


def parse_count(value, *, unit_words=()) -> int | None:
    """A whole number of things: 75, 75.0, "75", "75栋", "3,251户", "3，251", "１２０",
    " 120 户", "1.2万" (12000). None for an empty cell. A fraction, a negative number, or text
    that is not a number followed by one of COUNT_UNITS or ``unit_words`` raises CellError."""
    number = _number(value, COUNT_UNITS + tuple(unit_words))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(
            _("“%(text)s” is not a whole number.") % {"text": _shown(value)}, _shown(value)
        )
    return int(number)


def parse_decimal(value, *, places=2, unit_words=()) -> Decimal | None:
    """An area, length or amount: 120, 0.1, "31,000.5", "３１０００", "120㎡", "120 m2",
    "120平米", "1,234.56元", "12.5公里", "3.1万㎡" (31000), "1.2万平方米" (12000). The unit is
    dropped without conversion (万 and 亿 multiply); rounded half up to ``places``. None for an
    empty cell; a negative number or text that is not a number raises CellError."""
    number = _number(value, DECIMAL_UNITS + COUNT_UNITS + tuple(unit_words))
    if number is None:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError(
            _("“%(text)s” is too large a number.") % {"text": _shown(value)}, _shown(value)
        ) from None


def parse_date(value) -> datetime.date | None:
    """A day: a date or datetime; "2020-05-12", "2020/5/12", "2020.05.12", "2020年5月12日",
    "20200512"; a month, read as its first day: "2020年5月", "2020.05", "2020-05"; an Excel serial
    number between 1950 and 2100 (43963 is 2020-05-12). None for an empty cell. Anything else,
    or a day that does not exist ("2020-02-30"), raises CellError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise _not_a_date(value)
    if isinstance(value, int | float | Decimal):
        return _date_from_number(value)
    text = clean_text(value)
    if _is_empty(text):
        return None
    for pattern in (_DAY, _COMPACT_DAY, _MONTH):
        match = pattern.fullmatch(text)
        if match:
            return _day(value, match)
    raise _not_a_date(value)


def parse_year(value) -> int | None:
    """A year of four digits: 1988, "1988", "1988年", "1988年5月", a date (its year). None for an
    empty cell. Two digits ("88") are ambiguous and, like anything else, raise CellError."""
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return value
        raise _not_a_year(value)
    text = clean_text(value)
    if _is_empty(text):
        return None
    match = _YEAR.fullmatch(text)
    if match and YEAR_RANGE[0] <= int(match["year"]) <= YEAR_RANGE[1]:
        return int(match["year"])
    try:
        day = parse_date(text)
    except CellError:
        day = None
    if day is None or not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
        raise _not_a_year(value)
    return day.year


def parse_bool(value) -> bool | None:
    """Yes or no: 是/否, 有/无, √/×, ✓, Y/N, yes/no, true/false, 1/0 (any case), or a bool.
    None for an empty cell; anything else raises CellError."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = clean_text(value).lower()
    if _is_empty(text):
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(
        _("“%(text)s” is not a yes or a no (write 是 or 否).") % {"text": _shown(value)},
        _shown(value),
    )


def is_total_row(values) -> bool:
    """Whether a row is a total or subtotal: one of its first three non-empty cells says 合计,
    小计, 总计, 累计 or 共计 (at its start or its end: "合计", "合 计", "甲社区小计"), or starts
    with "total" or "subtotal" in any case."""
    seen = 0
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            if _may_say_total(value):
                text = _WHITESPACE.sub("", clean_text(value)).lower()
                if text.startswith(TOTAL_WORDS + TOTAL_WORDS_LATIN) or text.endswith(TOTAL_WORDS):
                    return True
            if not value.strip() or not clean_text(value):
                continue
        seen += 1
        if seen == 3:
            return False
    return False


def _may_say_total(value: str) -> bool:
    """A quick test that lets through every text is_total_row takes: all its words end in 计 or
    l (of either width)."""
    return "计" in value or "l" in value or "L" in value or "ｌ" in value or "Ｌ" in value


def is_note_row(values) -> bool:
    """Whether a row is a note below a table rather than a record: its first non-empty cell starts
    with 填表人, 审核人, 联系人, 制表日期, "注：", "说明：" and the like."""
    for value in values:
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return False
        text = _WHITESPACE.sub("", clean_text(value))
        if text:
            return text.startswith(NOTE_STARTS)
    return False


def _number(value, units) -> Decimal | None:
    """The non-negative number a cell holds (None when it is empty), its unit dropped."""
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_a_number(value)
        # A formula's 110.00000000000001 is the 110 Excel shows.
        number = Decimal(str(round(value, 9)))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_a_number(value)
        number = value
    else:
        text = clean_text(value)
        if _is_empty(text):
            return None
        number = _number_from_text(value, text.lower(), units)
    if number < 0:
        raise CellError(
            _("“%(text)s” is less than zero; the column takes no negative numbers.")
            % {"text": _shown(value)},
            _shown(value),
        )
    return number


def _number_from_text(value, text, units) -> Decimal:
    match = _NUMBER.match(text)
    if not match:
        raise _not_a_number(value)
    rest = text[match.end() :].strip()
    multiplier = MULTIPLIERS.get(rest[:1])
    if multiplier is not None:
        rest = rest[1:].strip()
    if rest and rest not in _unit_set(units):
        raise _not_a_number(value)
    digits = match["digits"]
    whole = digits.split(".")[0]
    if ("," in whole and not _GROUPED.fullmatch(whole)) or "," in digits.partition(".")[2]:
        raise CellError(
            _("“%(text)s” is not a number: its commas are not in the places of thousands.")
            % {"text": _shown(value)},
            _shown(value),
        )
    number = Decimal(digits.replace(",", "").rstrip(".") or "0")
    if multiplier is not None:
        number *= multiplier
    return -number if match["sign"] in ("-", "−") and number else number


@functools.lru_cache(maxsize=64)
def _unit_set(units: tuple) -> frozenset:
    return frozenset(unit.lower() for unit in units)


def _date_from_number(value) -> datetime.date:
    if isinstance(value, float) and not value.is_integer():
        # A cell typed 2020.05 is stored as the number 2020.05: a month, when its two digits
        # survive (2020.1 may have been typed 2020.10, and is refused).
        text = repr(value)
        match = re.fullmatch(r"(\d{4})\.(\d{2})", text)
        if match and YEAR_RANGE[0] <= int(match[1]) <= YEAR_RANGE[1]:
            return _day(value, _MONTH.fullmatch(text))
        if not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            raise _not_a_date(value)
    number = int(value)
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + datetime.timedelta(days=number)
    match = _COMPACT_DAY.fullmatch(str(number))
    if match:
        return _day(value, match)
    raise _not_a_date(value)


def _day(value, match) -> datetime.date:
    parts = match.groupdict()
    try:
        return datetime.date(int(parts["year"]), int(parts["month"]), int(parts.get("day") or 1))
    except ValueError:
        raise CellError(
            _("There is no such day as “%(text)s”.") % {"text": _shown(value)}, _shown(value)
        ) from None


def _is_empty(text: str) -> bool:
    return not text or bool(_PLACEHOLDER.fullmatch(text))


def _shown(value) -> str:
    text = clean_text(value)
    if len(text) > MESSAGE_TEXT_LENGTH:
        text = text[: MESSAGE_TEXT_LENGTH - 1] + "…"
    return text


def _not_a_number(value) -> CellError:
    return CellError(
        _("“%(text)s” is not a number (a number may be followed by its unit, such as “75栋”).")
        % {"text": _shown(value)},
        _shown(value),
    )


def _not_a_date(value) -> CellError:
    return CellError(
        _("“%(text)s” is not a date (write it as 2020-05-12 or 2020年5月12日).")
        % {"text": _shown(value)},
        _shown(value),
    )


def _not_a_year(value) -> CellError:
    return CellError(
        _("“%(text)s” is not a year (write its four digits, such as 1988).")
        % {"text": _shown(value)},
        _shown(value),
    )
