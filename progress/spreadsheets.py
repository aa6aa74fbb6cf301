"""Write a report's figures into an XLSX workbook (common.workbooks), headings in the active
language."""

from django.utils.translation import gettext as _

from common.rules import percent
from common.workbooks import BOLD, PERCENT_FORMAT, append, new_workbook, sheet_title, xlsx_bytes

from .rules import quantity_shown


def _percent(share):
    """A share as the pages show it (common.rules.percent), for a cell formatted 0%."""
    value = percent(share)
    return None if value is None else value / 100


def _quantity(value, unit):
    """A quantity as every page shows it (whole for a count unit), kept a number."""
    shown = quantity_shown(value, unit)
    return shown if shown is None or isinstance(shown, int) else float(shown)


def _sheet(workbook, title, headings, rows, *, first=False, number_formats=None):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(title)
    append(sheet, headings, font=BOLD)
    for row in rows:
        append(sheet, row, number_formats=number_formats)
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 2), 60)
    return sheet


def report_workbook(report, figures) -> bytes:
    workbook = new_workbook()
    summary = _sheet(
        workbook,
        _("Summary"),
        [_("renovation plan"), _("compounds"), _("started"), _("completed"), _("start rate")],
        [
            [row["plan"].name, row["compounds"], row["started"], row["completed"],
             None if row["start_rate"] is None else row["start_rate"] / 100]
            for row in figures["plans"]
        ],
        first=True,
        number_formats=[None, None, None, None, PERCENT_FORMAT],
    )  # fmt: skip
    append(summary, [])
    append(summary, [_("street"), str(report.street)])
    append(summary, [_("from"), figures["start"]])
    append(summary, [_("to"), figures["end"]])
    append(summary, [_("problems opened"), figures["problems_opened"]])
    append(summary, [_("problems resolved"), figures["problems_closed"]])
    append(summary, [_("problems still open"), figures["problems_open_at_end"]])
    if report.review_notes:
        append(
            summary,
            [_("notes of the on-site review meeting (现场总结观摩会)"), report.review_notes],
        )

    _sheet(
        workbook,
        _("Progress by compound"),
        [_("compound"), _("community"), _("progress at the start"), _("progress at the end"),
         _("change")],
        [
            [r["compound"].name, r["compound"].community.name, _percent(r["start"]),
             _percent(r["end"]),
             None if r["start"] is None else _percent(r["end"] - r["start"])]
            for r in figures["progress"]
        ],
        number_formats=[None, None, PERCENT_FORMAT, PERCENT_FORMAT, PERCENT_FORMAT],
    )  # fmt: skip
    _sheet(
        workbook,
        _("Work done"),
        [_("category"), _("unit"), _("done in the period"), _("done in all"), _("planned quantity"),
         _("area in the period (m²)"), _("area in all (m²)")],
        [
            [r["label"], r["unit"], *(_quantity(r[name], r["unit_code"])
                                       for name in ("period", "total", "planned")),
             float(r["area_period"]), float(r["area_total"])]
            for r in figures["categories"]
        ],
    )  # fmt: skip
    _sheet(
        workbook,
        _("Overdue milestones"),
        [_("compound"), _("milestone"), _("owner"), _("latest finish"), _("slack")],
        [
            [r["compound"].name, r["row"].milestone.name, r["row"].milestone.owner,
             r["row"].latest_finish, r["row"].slack]
            for r in figures["overdue_milestones"]
        ],
    )  # fmt: skip
    return xlsx_bytes(workbook)
