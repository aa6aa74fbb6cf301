"""Reading a register file as sheets of headings and data rows: the header found under title rows,
a two-level header read as one, blank, total and note rows passed over with their numbers, row
numbers as Excel shows them, formulas with and without a computed value, CSV in GBK, UTF-8 with a
byte-order mark or tab-separated; and every file that is not a readable register refused with a
sentence, never with another exception."""

import contextlib
import csv
import io
import os
import pickle
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from oversight.imports import reading
from oversight.imports.cells import parse_count, parse_decimal
from oversight.imports.reading import NO_CACHED_VALUE, FileRefused, Row, read_file

pytestmark = pytest.mark.usefixtures("english")

KNOWN = {"序号", "社区", "小区名称", "楼栋数", "户数", "建筑面积", "占地面积", "面积", "备注"}
HEADER = ["序号", "社区", "小区名称", "楼栋数", "户数", "建筑面积（㎡）"]
TITLE = "文化路街道2020年老旧小区改造计划表"


def recognised(heading: str) -> bool:
    return heading in KNOWN


def xlsx(*sheets) -> bytes:
    """A workbook of (title, rows) or (title, rows, options) sheets; options: merges (ranges),
    hidden (bool)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, *rest in sheets:
        options = rest[0] if rest else {}
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in options.get("merges", ()):
            sheet.merge_cells(cells)
        if options.get("hidden"):
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_by_hand(sheet_data: str, *, dimension="A1") -> bytes:
    """A minimal workbook whose one sheet's <sheetData> is written as given (to hold formulas
    with and without a computed value, as Excel and other writers save them)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relationships}"><sheets>'
            '<sheet name="表一" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relationships}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def read(data, name="登记表.xlsx"):
    """Every sheet as (name, header_row, headings, rows, skipped), the file closed after."""
    with read_file(io.BytesIO(data), name=name, recognised=recognised) as sheets:
        read_sheets = []
        for sheet in sheets:
            rows = list(sheet.rows)
            read_sheets.append((sheet.name, sheet.header_row, sheet.headings, rows, sheet.skipped))
        return read_sheets


def only(data, name="登记表.xlsx"):
    (sheet,) = read(data, name)
    return sheet


def refusal(data, name="登记表.xlsx", code=None) -> str:
    with pytest.raises(FileRefused) as caught:
        read(data, name)
    if code is not None:
        assert caught.value.code == code
    return " ".join(caught.value.messages)


# Workbooks ------------------------------------------------------------------------------------


def test_the_header_is_found_under_a_title_and_rows_keep_the_numbers_excel_shows():
    rows = [
        [TITLE],
        [],
        HEADER,
        [1, "甲社区", "甲小区", "75栋", "3,251户", "3.1万㎡"],
        [],
        [2, "甲社区", "乙小区", 12, 300, 4500.5],
        [None, "小计", None, 87, 3551],
        [],
        [3, "乙社区", "丙小区", "１２", "1.2万", "12,000"],
        [None, "合计", None, 99, 15551],
        [],
        ["填表人：张三", None, "审核人：李四"],
        [],
        [],
    ]
    name, header_row, headings, data, skipped = only(xlsx(("计划", rows, {"merges": ["A1:F1"]})))
    assert (name, header_row) == ("计划", 3)
    assert headings == ["序号", "社区", "小区名称", "楼栋数", "户数", "建筑面积(㎡)"]
    assert [row.number for row in data] == [4, 6, 9]
    assert data[0] == Row(4, [1, "甲社区", "甲小区", "75栋", "3,251户", "3.1万㎡"])
    assert skipped == [5, 7, 8, 10, 11, 12]  # the blank rows at the end are not counted
    counts = [(parse_count(row.values[3]), parse_count(row.values[4])) for row in data]
    assert counts == [(75, 3251), (12, 300), (12, 12000)]
    assert [parse_decimal(row.values[5]) for row in data] == [31000, 4500.5, 12000]


def test_a_two_level_header_is_read_as_one_under_a_merged_group():
    rows = [
        [TITLE],
        ["序号", "小区名称", "基本情况", None, "备注"],
        [None, None, "户数", "建筑面积", None],
        [1, "甲小区", 120, 3000.5, "无"],
    ]
    merges = ["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"]
    _name, header_row, headings, data, _skipped = only(xlsx(("表", rows, {"merges": merges})))
    assert header_row == 3
    assert headings == ["序号", "小区名称", "户数", "建筑面积", "备注"]
    assert data == [Row(4, [1, "甲小区", 120, 3000.5, "无"])]


def test_a_group_over_its_sub_headings_names_each_column_without_mistaking_one_for_it():
    rows = [
        ["序号", "小区名称", "面积", None, None],
        [None, None, "建筑", "占地", "绿地"],
        [1, "甲小区", 3000, 1200, 300],
    ]
    merges = ["A1:A2", "B1:B2", "C1:E1"]
    _name, header_row, headings, data, _skipped = only(xlsx(("表", rows, {"merges": merges})))
    assert header_row == 2
    # 建筑 + 面积 and 占地 + 面积 are known; 绿地 is not, and is not taken for 面积.
    assert headings == ["序号", "小区名称", "建筑面积", "占地面积", "面积 绿地"]
    assert data == [Row(3, [1, "甲小区", 3000, 1200, 300])]


def test_labels_between_the_title_and_the_header_are_not_taken_for_headings():
    rows = [
        [TITLE],
        ["填报单位：文化路街道", None, None, "填报日期：2020年5月"],
        ["小区名称", "户数", "建筑面积", None],
        ["甲小区", 12, 300, "x"],
    ]
    _name, header_row, headings, data, _skipped = only(xlsx(("表", rows)))
    assert (header_row, headings) == (3, ["小区名称", "户数", "建筑面积"])
    assert data == [Row(4, ["甲小区", 12, 300])]


def test_headings_are_known_through_their_variants_and_shown_as_written():
    rows = [["*小区名称", "户 数", "建筑面积（m2）", "Ｎ备注"], ["甲小区", 12, 300, ""]]
    _name, header_row, headings, data, _skipped = only(xlsx(("表", rows)))
    assert header_row == 1
    assert headings == ["*小区名称", "户 数", "建筑面积(m2)", "N备注"]
    assert data == [Row(2, ["甲小区", 12, 300, None])]


def test_rows_are_cut_or_padded_to_the_headings_and_a_column_without_heading_is_kept():
    rows = [["小区名称", None, "户数"], ["甲小区", "x", 12, "beyond"], ["乙小区"]]
    _name, _header, headings, data, _skipped = only(xlsx(("表", rows)))
    assert headings == ["小区名称", "", "户数"]
    assert data == [Row(2, ["甲小区", "x", 12]), Row(3, ["乙小区", None, None])]


def test_a_data_row_below_the_header_is_not_taken_for_a_second_level():
    rows = [["小区名称", "户数", "备注"], ["甲小区", "十二", "户数待核"], ["乙小区", 3, ""]]
    _name, header_row, headings, data, _skipped = only(xlsx(("表", rows)))
    assert (header_row, headings) == (1, ["小区名称", "户数", "备注"])
    assert [row.number for row in data] == [2, 3]


def test_a_header_repeated_on_every_printed_page_is_skipped():
    rows = [HEADER, [1, "甲", "甲小区", 3, 30, 100], HEADER, [2, "甲", "乙小区", 4, 40, 200]]
    _name, _header, _headings, data, skipped = only(xlsx(("表", rows)))
    assert [row.number for row in data] == [2, 4]
    assert skipped == [3]


def test_sheets_are_read_in_order_hidden_and_empty_ones_passed_over():
    book = xlsx(
        ("楼院", [HEADER, [1, "甲社区", "甲小区", 3, 30, 100]]),
        ("下拉选项", [["甲社区"], ["乙社区"]], {"hidden": True}),
        ("空表", []),
        ("填表说明", [["本表由街道填写"], ["面积单位为平方米"]]),
        ("楼栋", [["小区名称", "楼栋数"], ["甲小区", 3]]),
    )
    sheets = read(book)
    assert [(name, header_row) for name, header_row, *_rest in sheets] == [
        ("楼院", 1),
        ("填表说明", 0),
        ("楼栋", 1),
    ]
    assert sheets[1][2:] == ([], [], [])  # no heading known: no headings and no rows


def test_a_sheet_whose_values_start_below_the_searched_rows_is_given_without_header():
    rows = [[] for _ in range(reading.HEADER_SEARCH_ROWS)] + [HEADER, [1, "甲", "甲小区"]]
    assert only(xlsx(("表", rows)))[1:3] == (0, [])


def test_a_formula_with_a_computed_value_reads_it_and_one_without_reads_no_cached_value():
    sheet_data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>户数</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>楼栋数</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>'
        '<row r="4"><c r="A4"><f>SUM(A1:A2)</f><v>3</v></c>'  # saved by Excel
        '<c r="B4"><f>SUM(B2)</f></c>'  # saved without a value
        '<c r="C4" t="str"><f>IF(A4&gt;0,"","x")</f><v></v></c></row>'  # an empty text
        '<row r="5"><c r="A5"><f>A4*2</f><v></v></c></row>'  # as openpyxl writes a formula
    )
    # The <dimension> says A1, as some writers leave it: every row is read all the same.
    _name, _header, headings, data, skipped = only(xlsx_by_hand(sheet_data))
    assert headings == ["户数", "楼栋数", "备注"]
    assert data == [
        Row(2, [1, 2, None]),
        Row(4, [3, NO_CACHED_VALUE, None]),
        Row(5, [NO_CACHED_VALUE, None, None]),
    ]
    assert skipped == [3]


def test_a_formula_written_by_openpyxl_has_no_cached_value():
    rows = [["小区名称", "户数"], ["甲小区", 12], ["乙小区", "=B2*2"]]
    data = only(xlsx(("表", rows)))[3]
    assert data[1] == Row(3, ["乙小区", NO_CACHED_VALUE])


def test_no_cached_value_is_one_object_even_through_pickle():
    assert pickle.loads(pickle.dumps(NO_CACHED_VALUE)) is NO_CACHED_VALUE  # noqa: S301
    assert repr(NO_CACHED_VALUE) == "NO_CACHED_VALUE"


def test_dates_kept_as_text_come_through_as_written():
    rows = [["小区名称", "备注"], ["甲小区", "2020年5月12日"]]
    assert only(xlsx(("表", rows)))[3] == [Row(2, ["甲小区", "2020年5月12日"])]


def test_a_file_is_read_by_its_content_whatever_its_name():
    rows = [["小区名称", "户数"], ["甲小区", 12]]
    assert only(xlsx(("表", rows)), name="登记表.csv")[3] == [Row(2, ["甲小区", 12])]
    assert only("小区名称,户数\n甲小区,12\n".encode(), name="登记表.xlsx")[0] == "登记表"


def test_an_uploaded_file_a_path_and_a_stream_that_cannot_seek_are_all_read(tmp_path):
    data = xlsx(("表", [["小区名称", "户数"], ["甲小区", 12]]))
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(data)

    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self.inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    uploaded = SimpleUploadedFile("登记表.xlsx", data)
    for source in (uploaded, path, str(path), Unseekable()):
        with read_file(source, name="登记表.xlsx", recognised=recognised) as sheets:
            assert [list(sheet.rows) for sheet in sheets] == [[Row(2, ["甲小区", 12])]]
    assert not uploaded.closed  # the caller's file is left open for the caller


def test_the_file_opened_from_a_path_is_closed_when_the_context_exits(tmp_path):
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(xlsx(("表", [HEADER, [1, "甲", "甲小区"]] * 3)))
    before = len(os.listdir("/proc/self/fd"))
    with read_file(path, name="登记表.xlsx", recognised=recognised) as sheets:
        sheet = next(sheets)
        next(sheet.rows)  # left half read
        assert len(os.listdir("/proc/self/fd")) > before
    assert len(os.listdir("/proc/self/fd")) == before


# CSV ------------------------------------------------------------------------------------------


def test_a_gbk_csv_from_chinese_excel_is_read_with_its_title_and_totals():
    text = (
        f"{TITLE},,,,,\r\n"
        "序号,社区,小区名称,楼栋数,户数,建筑面积（㎡）\r\n"
        '1,甲社区,甲小区,75栋,"3,251户",3.1万㎡\r\n'
        ",,,,,\r\n"
        "2,甲社区,乙小区,１２,300,4500.5\r\n"
        "合计,,,87,3551,\r\n"
    )
    name, header_row, headings, data, skipped = only(text.encode("gbk"), name="计划表.csv")
    assert (name, header_row) == ("计划表", 2)
    assert headings == ["序号", "社区", "小区名称", "楼栋数", "户数", "建筑面积(㎡)"]
    assert data == [
        Row(3, ["1", "甲社区", "甲小区", "75栋", "3,251户", "3.1万㎡"]),
        Row(5, ["2", "甲社区", "乙小区", "１２", "300", "4500.5"]),
    ]
    assert skipped == [4, 6]


def test_a_utf8_csv_with_a_byte_order_mark_is_read():
    data = "\ufeff小区名称,户数\n甲小区,12\n乙小区\n".encode()
    _name, _header, headings, rows, _skipped = only(data, name="a.csv")
    assert headings == ["小区名称", "户数"]
    assert rows == [Row(2, ["甲小区", "12"]), Row(3, ["乙小区", ""])]  # CSV pads with ""


def test_a_gb18030_file_that_is_not_utf8_only_far_down_is_read_as_gb18030():
    filler = "a" * 30 + ",1\n"
    text = "小区名称,户数\n" + filler * 40_000 + "甲小区,2\n"  # beyond the first megabyte
    rows = only(text.encode("gb18030"), name="a.csv")[3]
    assert rows[-1] == Row(40_002, ["甲小区", "2"])


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_a_tab_or_semicolon_separated_file_is_read(delimiter):
    text = delimiter.join(["小区名称", "户数", "建筑面积"]) + "\n"
    text += delimiter.join(["甲小区", "3,251", "1,234.5"]) + "\n"
    text += delimiter.join(["乙小区", "12", "3,000"]) + "\n"
    rows = only(text.encode("gb18030"), name="a.txt")[3]
    assert rows == [Row(2, ["甲小区", "3,251", "1,234.5"]), Row(3, ["乙小区", "12", "3,000"])]


def test_a_utf16_text_file_as_excel_saves_unicode_text_is_read():
    data = "小区名称\t户数\r\n甲小区\t12\r\n".encode("utf-16")
    assert only(data, name="a.txt")[3] == [Row(2, ["甲小区", "12"])]


def test_csv_row_numbers_are_the_rows_excel_shows_counting_blank_lines():
    text = '标题\n\n小区名称,备注\n甲小区,"两行\n的备注"\n\n乙小区,\n'
    _name, header_row, _headings, rows, skipped = only(text.encode(), name="a.csv")
    assert header_row == 3
    assert rows == [Row(4, ["甲小区", "两行\n的备注"]), Row(6, ["乙小区", ""])]
    assert skipped == [5]


# Refusals -------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
RANDOM = bytes((index * 7919 + 13) % 256 for index in range(5000))


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def ole2(*stream_names) -> bytes:
    """An OLE2 compound file's magic, then its directory's UTF-16 names (enough to tell)."""
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in stream_names)
    return reading.OLE2_MAGIC + b"\x00" * 504 + names + b"\x00" * 2000


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (b"", "a.xlsx", "empty", "This file is empty."),
        (b"", "a.csv", "empty", "This file is empty."),
        (PNG, "photo.xlsx", "not_spreadsheet", "not an Excel workbook (.xlsx) or a CSV file"),
        (JPEG, "photo.jpg", "not_spreadsheet", "not an Excel workbook (.xlsx) or a CSV file"),
        (PDF, "register.pdf", "not_spreadsheet", "not an Excel workbook"),
        (RANDOM, "x.bin", "not_spreadsheet", "not an Excel workbook"),
        (docx(), "register.docx", "not_spreadsheet", "not an Excel workbook"),
        (ole2("Root Entry", "Workbook", "SummaryInformation"), "a.xls", "legacy_xls", ".xls"),
        (ole2("Root Entry", "Book"), "a.xls", "legacy_xls", "save it as an Excel workbook"),
        (ole2("Root Entry", "WordDocument", "1Table"), "a.doc", "not_spreadsheet", "not an"),
        (ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), "a.xlsx", "encrypted", ""),
        (b"<html><body><table><tr><td>1</td></tr></table>", "a.xls", "web_export", "web page"),
        (b'<?xml version="1.0"?><?mso-application?>', "a.xls", "web_export", ""),
        (b"PK\x03\x04 broken", "a.xlsx", "unreadable", "cannot be read as an Excel workbook"),
        (b"\n\n ,,, \n\t\n", "a.csv", "no_rows", "no rows with anything in them"),
        (b"a,b\n\x80\x80\x80\n", "a.csv", "csv_encoding", "(UTF-8 or GBK)"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_readable_register_is_refused_with_a_sentence(data, name, code, words):
    assert words in refusal(data, name, code)


def test_a_workbook_that_is_not_a_workbook_inside_is_refused_as_unreadable():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "not xml at all")
    assert "may be damaged" in refusal(out.getvalue(), code="unreadable")


def test_a_binary_workbook_is_refused_with_what_to_do():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.bin" '
            'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
    assert ".xlsb" in refusal(out.getvalue(), code="binary_workbook")


def test_a_password_protected_workbook_is_refused_saying_how_to_remove_the_password():
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(xlsx(("表", [["小区名称"], ["甲小区"]])))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    message = refusal(encrypted.getvalue(), code="encrypted")
    assert "protected by a password" in message and "用密码进行加密" in message


def test_a_workbook_without_any_value_is_refused_when_its_sheets_are_read():
    assert "no rows" in refusal(xlsx(("空", []), ("也空", [[None, None]])), code="no_rows")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    assert "larger than" in refusal(b"a,b\n" * 30, "a.csv", code="too_large")

    class Unread(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read before its size was checked")

    with pytest.raises(FileRefused), read_file(Unread(b"x" * 200), name="a", recognised=bool):
        pass


def zip_bomb(member_bytes: int) -> bytes:
    """A workbook-looking zip with one member of zeros, written a megabyte at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _ in range(member_bytes // len(zeros)):
                member.write(zeros)
    return out.getvalue()


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_unpacked():
    bomb = zip_bomb(32 * 1024 * 1024)
    assert len(bomb) < 100_000  # compressed about a thousand times
    assert "unpacks to far more data" in refusal(bomb, code="zip_bomb")


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 10_000)
    book = xlsx(("表", [["小区名称", "备注"]] + [[f"小区{n}", "x" * 50] for n in range(500)]))
    assert "unpacks to far more data" in refusal(book, code="zip_bomb")


def test_a_csv_with_null_characters_far_down_is_refused():
    data = ("小区名称,户数\n" + "甲小区,1\n" * 2000).encode() + b"\x00\x00\n"
    assert "null characters" in refusal(data, "a.csv", code="csv_nul")


def test_a_csv_cell_longer_than_the_csv_limit_is_refused_with_its_line():
    data = ('小区名称,备注\n甲小区,1\n乙小区,"' + "长" * (csv.field_size_limit() + 10)).encode()
    message = refusal(data, "a.csv", code="csv_field")
    assert message.startswith("Line 3 of this CSV file has a cell longer than")


def test_a_damaged_workbook_refuses_while_its_rows_are_read():
    good = xlsx(("表", [["小区名称", "户数"]] + [[f"小区{n}", n] for n in range(2000)]))
    archive = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as damaged:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the rows
            damaged.writestr(member, data)
    with read_file(io.BytesIO(out.getvalue()), name="a.xlsx", recognised=recognised) as sheets:
        sheet = next(sheets)
        with pytest.raises(FileRefused) as caught:
            list(sheet.rows)
    assert caught.value.code == "unreadable"


def test_a_damaged_file_of_any_kind_is_refused_and_never_raises_another_exception():
    """Bytes changed at random in a workbook (deflated or stored) and a GBK CSV file."""
    book = xlsx(("表", [[TITLE], HEADER] + [[n, "甲", f"小区{n}", "=D3*2", n] for n in range(30)]))
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(stored, "w") as copy:
        for member in source.infolist():
            copy.writestr(member.filename, source.read(member))
    text = "标题,,\n小区名称,户数\n" + "".join(f"小区{n},{n}\n" for n in range(30))
    originals = [book, stored.getvalue(), text.encode("gbk")]
    chance = random.Random(20200512)
    for _ in range(300):
        data = bytearray(chance.choice(originals))
        for _ in range(chance.randint(1, 12)):
            data[chance.randrange(len(data))] = chance.randrange(256)
        with contextlib.suppress(FileRefused):
            read(bytes(data))
