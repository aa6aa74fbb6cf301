"""The statistics return as a workbook: a sheet for people ("统计报表": the national table's
figures with their units and keys, the start rates, the breakdown) and a sheet for portals
("data": keys and values, which another portal imports, see .returns_import)."""

from django.conf import settings
from django.utils.translation import gettext as _

from common import clock
from common.workbooks import BOLD, append, new_workbook, xlsx_bytes

from . import rules
from .returns_import import DATA_SHEET, META_KEYS

HUMAN_SHEET = "统计报表"


def return_meta(*, selection, period, kind) -> dict:
    """Return what the data sheet says of the return besides its figures."""
    street = selection.street
    plan = selection.plan
    if plan is not None:
        street = plan.street
    return {
        "format": rules.FORMAT,
        "version": rules.VERSION,
        "level": selection.level,
        "city": (street.city if street else selection.city) or "",
        "district": (street.district if street else selection.district) or "",
        "street": street.name if street is not None and plan is None else "",
        "plan": plan.name if plan is not None else "",
        "period_kind": kind,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "generated_at": clock.now().isoformat(timespec="seconds"),
        "portal": str(settings.PORTAL_NAME),
    }


def _number(figure: rules.Figure, value):
    return int(value) if figure.decimals == 0 else float(value)


def return_workbook(result: dict, *, meta: dict, title: str) -> bytes:
    """Write the return (selectors.statistics_return) as XLSX bytes."""
    book = new_workbook(write_only=True)
    human = book.create_sheet(HUMAN_SHEET)
    append(human, [title], font=BOLD)
    append(human, [_("Period"), f"{meta['period_start']} – {meta['period_end']}"])
    append(human, [])
    append(human, [_("Figure"), _("Unit"), _("Value"), _("Key")], font=BOLD)
    figures = result["figures"]
    for figure in rules.FIGURES:
        value = _number(figure, figures[figure.key])
        append(human, [str(figure.label), str(figure.unit), value, figure.key])
    for key, label in (
        ("start_rate_compounds", _("Start rate by compounds (%)")),
        ("start_rate_households", _("Start rate by households (%)")),
    ):
        append(human, [label, "%", result["rates"][key], key])
    if result["rows"]:
        append(human, [])
        headings = [_("Breakdown"), *[str(figure.label) for figure in rules.FIGURES], _("Source")]
        append(human, headings, font=BOLD)
        for row in result["rows"]:
            source = (
                _("return sent by %(origin)s") % {"origin": row["imported"].origin}
                if row["imported"]
                else _("records held here")
            )
            values = [_number(figure, row["figures"][figure.key]) for figure in rules.FIGURES]
            append(human, [row["name"], *values, source])
    data = book.create_sheet(DATA_SHEET)
    append(data, ["key", "value"])
    for key in META_KEYS:
        append(data, [key, str(meta[key]) if meta[key] != "" else None])
    for figure in rules.FIGURES:
        append(data, [figure.key, _number(figure, figures[figure.key])])
    return xlsx_bytes(book)
