"""One cell of a register read as street offices type it: counts and amounts with their units
and separators, full-width digits, dates and years as text, yes/no marks, headings with units and
markers, total and note rows. Pure functions, tested without a database."""

import datetime
from decimal import Decimal

import pytest

from oversight.imports.cells import (
    CellError,
    clean_text,
    is_note_row,
    is_total_row,
    normalise_heading,
    parse_bool,
    parse_count,
    parse_date,
    parse_decimal,
    parse_year,
)

pytestmark = pytest.mark.usefixtures("english")


def refusal(parse, value, **options) -> str:
    with pytest.raises(CellError) as caught:
        parse(value, **options)
    return str(caught.value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  甲小区  ", "甲小区"),
        ("ＡＢＣ１２３，．", "ABC123,."),
        ("文化路\u3000社区", "文化路 社区"),
        ("文化路\u00a0\u00a0社区", "文化路 社区"),
        ("甲\n\t乙", "甲 乙"),
        ("\ufeff\u200b甲\u200d小区\u202e\u2066", "甲小区"),
        ("面积（㎡）", "面积(㎡)"),
        ("一、二。《三》“四”", "一、二。《三》“四”"),
        (301.0, "301"),
        (0.1, "0.1"),
        (75, "75"),
        (datetime.datetime(2020, 5, 12), "2020-05-12"),
        (datetime.datetime(2020, 5, 12, 9, 30), "2020-05-12 09:30"),
        (datetime.date(2020, 5, 12), "2020-05-12"),
    ],
)
def test_clean_text_reads_a_cell_as_a_person_does(value, text):
    assert clean_text(value) == text


@pytest.mark.parametrize(
    ("heading", "normalised"),
    [
        ("户 数", "户数"),
        ("户数（户）", "户数"),
        ("面积（㎡）", "面积"),
        ("面积(m2)", "面积"),
        ("建筑面积（单位：㎡）", "建筑面积"),
        ("改造资金(万元)", "改造资金"),
        ("是否加装电梯（是/否）", "是否加装电梯"),
        ("*小区名称", "小区名称"),
        ("★楼栋数（栋）", "楼栋数"),
        ("＊ 社区", "社区"),
        ("Households", "households"),
        ("ＮＡＭＥ", "name"),
        ("面积（地上）", "面积(地上)"),  # words in brackets are kept: not a unit
        ("(备注)", "(备注)"),
        ("", ""),
    ],
)
def test_a_heading_is_normalised_for_matching(heading, normalised):
    assert normalise_heading(heading) == normalised


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (75, 75),
        (75.0, 75),
        ("75", 75),
        ("75栋", 75),
        ("3,251户", 3251),
        ("3，251", 3251),
        ("１２０", 120),
        (" 120 户", 120),
        ("1.2万", 12000),
        ("2单元", 2),
        ("0", 0),
        (Decimal("12"), 12),
        (110.00000000000001, 110),  # a formula's 110 as Excel shows it
        ("", None),
        (None, None),
        ("  ", None),
        ("—", None),
        ("/", None),
    ],
)
def test_a_count_is_read_with_its_unit_separators_and_width(value, count):
    assert parse_count(value) == count


def test_a_count_takes_the_column_s_own_unit_words():
    assert parse_count("12部", unit_words=("部",)) == 12
    assert parse_count("4 辆", unit_words=("辆",)) == 4
    assert "not a number" in refusal(parse_count, "4辆")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2.5", "“2.5” is not a whole number."),
        (2.5, "“2.5” is not a whole number."),
        ("1.23456万", "not a whole number"),
        ("-3", "“-3” is less than zero"),
        (-3, "less than zero"),
        ("三栋", "“三栋” is not a number"),
        ("75栋楼", "“75栋楼” is not a number"),
        ("约75户", "not a number"),
        ("75abc", "not a number"),
        ("3,25", "its commas are not in the places of thousands"),
        (True, "not a number"),
    ],
)
def test_a_count_that_is_not_a_whole_number_is_refused_naming_the_text(value, reason):
    assert reason in refusal(parse_count, value)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("3.1万㎡", Decimal("31000")),
        ("31,000.5", Decimal("31000.5")),
        ("３１０００", Decimal("31000")),
        ("1.2万平方米", Decimal("12000")),
        ("120㎡", Decimal("120")),
        ("120 m2", Decimal("120")),
        ("120 M²", Decimal("120")),
        ("120平米", Decimal("120")),
        ("1,234.56元", Decimal("1234.56")),
        ("12.5公里", Decimal("12.5")),
        ("12.5米", Decimal("12.5")),
        ("0.5亿元", Decimal("50000000")),
        ("1.005", Decimal("1.01")),  # half up
        (0.1, Decimal("0.10")),
        (120, Decimal("120")),
        (Decimal("3.14159"), Decimal("3.14")),
        ("", None),
        (None, None),
    ],
)
def test_a_decimal_is_read_with_its_unit_dropped_and_rounded(value, number):
    assert parse_decimal(value) == number


def test_a_decimal_is_rounded_to_the_places_asked():
    assert str(parse_decimal("12.3456公里", places=3)) == "12.346"
    assert str(parse_decimal(0.1)) == "0.10"
    assert str(parse_decimal("7", places=0)) == "7"


@pytest.mark.parametrize("value", ["-1.5", -0.5, "abc", "12.5吨吨", "1.2.3", float("nan")])
def test_a_decimal_that_is_not_a_non_negative_number_is_refused(value):
    refusal(parse_decimal, value)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (datetime.datetime(2020, 5, 12, 8, 0), datetime.date(2020, 5, 12)),
        (datetime.date(2020, 5, 12), datetime.date(2020, 5, 12)),
        ("2020-05-12", datetime.date(2020, 5, 12)),
        ("2020/5/12", datetime.date(2020, 5, 12)),
        ("2020.05.12", datetime.date(2020, 5, 12)),
        ("2020年5月12日", datetime.date(2020, 5, 12)),
        ("２０２０年５月１２日", datetime.date(2020, 5, 12)),
        ("2020-05-12 00:00:00", datetime.date(2020, 5, 12)),
        ("2020年5月", datetime.date(2020, 5, 1)),
        ("2020.05", datetime.date(2020, 5, 1)),
        ("2020-05", datetime.date(2020, 5, 1)),
        ("20200512", datetime.date(2020, 5, 12)),
        (20200512, datetime.date(2020, 5, 12)),
        (43963, datetime.date(2020, 5, 12)),  # an Excel serial number
        (43963.75, datetime.date(2020, 5, 12)),
        (2020.05, datetime.date(2020, 5, 1)),  # typed 2020.05, stored as a number
        ("", None),
        (None, None),
    ],
)
def test_a_date_is_read_as_offices_write_it(value, day):
    assert parse_date(value) == day


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2020-02-30", "There is no such day as “2020-02-30”."),
        ("2020年13月", "There is no such day"),
        ("5/12/2020", "is not a date"),
        ("20-5-12", "is not a date"),
        ("2020", "is not a date"),
        (2020, "is not a date"),
        (2020.1, "is not a date"),  # 2020.10 or 2020.1: cannot tell
        (12, "is not a date"),
        ("下个月", "is not a date"),
    ],
)
def test_a_date_that_cannot_be_read_or_does_not_exist_is_refused(value, reason):
    assert reason in refusal(parse_date, value)


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (1988, 1988),
        (1988.0, 1988),
        ("1988", 1988),
        ("1988年", 1988),
        ("1988年5月", 1988),
        ("1988-05-12", 1988),
        (datetime.date(1988, 5, 12), 1988),
        (datetime.datetime(1988, 5, 12), 1988),
        ("", None),
    ],
)
def test_a_year_is_read_from_its_four_digits_or_a_date(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize("value", ["88", 88, "八八年", "1988年代末", 43963])
def test_a_year_that_is_not_four_digits_is_refused(value):
    assert "is not a year" in refusal(parse_year, value)


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        ("是", True),
        ("否", False),
        ("有", True),
        ("无", False),
        ("√", True),
        ("×", False),
        ("✓", True),
        ("Y", True),
        ("n", False),
        ("Yes", True),
        ("NO", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0.0, False),
        (True, True),
        ("", None),
        (None, None),
    ],
)
def test_yes_and_no_are_read_from_the_marks_offices_use(value, answer):
    assert parse_bool(value) is answer


@pytest.mark.parametrize("value", ["也许", "2", "x"])
def test_a_mark_that_is_neither_yes_nor_no_is_refused(value):
    assert "is not a yes or a no" in refusal(parse_bool, value)


def test_a_refusal_names_a_long_text_shortened():
    message = refusal(parse_count, "户" * 100)
    assert "…" in message and len(message) < 150


@pytest.mark.parametrize(
    "values",
    [
        [None, "合计", 30, 75],
        ["合 计", "", 30],
        ["", "小计：", 3],
        [None, "总计", None],
        ["累计完成"],
        ["甲社区小计", 12],
        [None, "Total", 3],
        ["SUBTOTAL"],
        [1, "甲街道", "合计"],
    ],
)
def test_a_total_row_is_known_by_its_first_cells(values):
    assert is_total_row(values)


@pytest.mark.parametrize(
    "values",
    [
        [1, "甲小区", 30],
        [],
        [None, None],
        [1, 2, 3, "合计"],  # beyond the first three cells
        ["合作社小区"],
    ],
)
def test_a_data_row_is_not_a_total_row(values):
    assert not is_total_row(values)


@pytest.mark.parametrize(
    ("values", "note"),
    [
        (["填表人：张三", None, "审核人：李四"], True),
        ([None, "注：本表面积单位为平方米"], True),
        (["联系电话：12345"], True),
        ([1, "填表人小区"], False),
        (["甲小区", "注："], False),
        ([], False),
    ],
)
def test_a_note_below_the_table_is_known_by_its_first_cell(values, note):
    assert is_note_row(values) is note
