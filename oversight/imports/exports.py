"""The template workbook of each kind of register: our headings in Chinese, one example row, a
note per column, and drop-down lists (data validation) for the columns of choices."""

from django.utils import translation
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.workbooks import TEXT_FORMAT, new_workbook, put, sheet_title, xlsx_bytes

from . import rules

BOLD = Font(bold=True)
REQUIRED = PatternFill("solid", fgColor="FFF2CC")
CHOICES_SHEET = "选项"
ROWS_WITH_LISTS = 5000


def _choice_labels(column) -> list[str]:
    """The choices a template offers, by their label in the active language (an import may
    give only the roles rules.IMPORTABLE_ROLES names)."""
    values = [value for value, _words in column.choices]
    if column.field == "role":
        values = [value for value in values if value in rules.IMPORTABLE_ROLES]
    return [str(column.options(value).label) for value in values]


def template_workbook(kind: str) -> bytes:
    """The template of ``kind`` as XLSX bytes."""
    columns = [c for c in rules.KINDS[kind] if c.stored or kind != rules.COMPOUNDS]
    book = new_workbook()
    sheet = book.active
    with translation.override("zh-hans"):
        sheet.title = sheet_title(rules.KIND_LABELS[kind])
        for index, column in enumerate(columns, start=1):
            cell = put(sheet, 1, index, column.heading, font=BOLD)
            if column.required:
                cell.fill = REQUIRED
            note = str(column.label) + ("（必填）" if column.required else "")
            cell.comment = Comment(note, "门户")
            example = column.example
            if column.kind == rules.CHOICE and not example:
                example = _choice_labels(column)[0]
            put(sheet, 2, index, example or None, number_format=TEXT_FORMAT)
            sheet.column_dimensions[get_column_letter(index)].width = max(
                12, len(column.heading) * 2 + 4
            )
        lists = book.create_sheet(CHOICES_SHEET)
        list_column = 0
        for index, column in enumerate(columns, start=1):
            if column.kind not in (rules.CHOICE, rules.BOOL):
                continue
            labels = _choice_labels(column) if column.kind == rules.CHOICE else ["是", "否"]
            list_column += 1
            letter = get_column_letter(list_column)
            put(lists, 1, list_column, column.heading, font=BOLD)
            for row, label in enumerate(labels, start=2):
                put(lists, row, list_column, label)
            validation = DataValidation(
                type="list",
                formula1=f"='{CHOICES_SHEET}'!${letter}$2:${letter}${len(labels) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="请从列表中选择",
                error=f"“{column.heading}”只能填列表中的一项。",
            )
            target = get_column_letter(index)
            validation.add(f"{target}2:{target}{ROWS_WITH_LISTS}")
            sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
    return xlsx_bytes(book)
