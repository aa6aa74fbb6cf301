"""The bar charts' SVG marks, written in Python: the wall chart's hundreds of compounds make
thousands of rectangles, which the template language renders several times slower
(``manage.py bench``: wall_chart_street), and a compound's chart is drawn on every visit to its
page (compound_page_chart: the page within 20% of its time without the chart). The text in
the marks is escaped."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _n(value: float) -> str:
    """A coordinate as SVG takes it: no thousands separator, no needless decimals."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart) -> list[str]:
    """The days off shaded and the months' lines and names of a chart (gantt._frame)."""
    height = _n(chart.height)
    out = [
        f'<rect class="gantt-off" x="{_n(off.x)}" y="0" width="{_n(off.width)}" height="{height}"/>'
        for off in chart.days_off
    ]
    for month in chart.months:
        out.append(
            f'<line class="gantt-month" x1="{_n(month.x)}" y1="0" x2="{_n(month.x)}" '
            f'y2="{height}"/><text class="gantt-axis" x="{_n(month.x + 3)}" y="14">'
            f"{month.start:%Y-%m}</text>"
        )
    return out


def _bar(css, bar, y, height, title, *, rounded=False) -> str:
    corner = ' rx="2"' if rounded else ""
    return (
        f'<rect class="{css}" x="{_n(bar.x)}" y="{_n(y)}" width="{_n(bar.width)}" '
        f'height="{height}"{corner}><title>{escape(title)}</title></rect>'
    )


@register.simple_tag
def schedule_marks(chart):
    """The frame and every milestone's bars of a compound's gantt.Chart: the backward plan's
    latest start to finish, the planned and the actual dates, each with its dates in words."""
    if chart is None:  # as the template language draws nothing of a missing chart
        return ""
    out = _frame(chart)
    latest_start, latest_finish = _("latest start"), _("latest finish")
    planned, actual = _("planned start"), _("actual start")
    for row in chart.rows:
        out.append(f'<g class="gantt-row risk-{row.risk}">')
        if row.backward:
            bar = row.backward
            title = f"{latest_start} {bar.start:%Y-%m-%d} – {latest_finish} {bar.finish:%Y-%m-%d}"
            out.append(_bar("gantt-backward", bar, row.y + 4, 9, title, rounded=True))
        if row.planned:
            bar = row.planned
            title = f"{planned} {bar.start:%Y-%m-%d} – {bar.finish:%Y-%m-%d}"
            out.append(_bar("gantt-planned", bar, row.y + 14, 4, title))
        if row.actual:
            bar = row.actual
            title = f"{actual} {bar.start:%Y-%m-%d} – {bar.finish:%Y-%m-%d}"
            out.append(_bar("gantt-actual", bar, row.y + 19, 6, title))
        out.append("</g>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@register.simple_tag
def programme_marks(chart):
    """The days off, the months and every line's segments of a gantt.Programme."""
    out = _frame(chart)
    for line in chart.lines:
        name = escape(line.key.name)
        for segment in line.segments:
            out.append(f'<g class="risk-{segment.risk}">')
            if segment.backward:
                bar = segment.backward
                out.append(
                    f'<rect class="gantt-backward" x="{_n(bar.x)}" y="{_n(line.y + 5)}" '
                    f'width="{_n(bar.width)}" height="10"><title>{name} · {segment.key.order}. '
                    f"{escape(segment.key.name)}: {bar.start:%Y-%m-%d} – {bar.finish:%Y-%m-%d}"
                    "</title></rect>"
                )
            if segment.actual:
                bar = segment.actual
                out.append(
                    f'<rect class="gantt-actual" x="{_n(bar.x)}" y="{_n(line.y + 17)}" '
                    f'width="{_n(bar.width)}" height="6"/>'
                )
            out.append("</g>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _risk_word(risk) -> str:
    return {
        "overdue": _("overdue"),
        "tight": _("little to spare"),
        "done": _("done"),
        "unplanned": _("no milestones"),
    }.get(risk) or _("on track")


@register.simple_tag
def programme_names(chart, progress_path):
    """The wall chart's column of names: each compound linked to its progress page
    (``progress_path`` + id + "/"), with the person in charge."""
    return mark_safe(  # noqa: S308 - every text is escaped
        "".join(
            f'<li class="risk-{line.risk}"><a href="{escape(progress_path)}{line.key.pk}/">'
            f"{escape(line.key.name)}</a> "
            f'<span class="gantt-owner">{escape(line.key.person_in_charge)}</span></li>'
            for line in chart.lines
        )
    )


@register.simple_tag
def programme_table(chart, progress_path):
    """The wall chart's table for screen readers: a row per compound with the person in
    charge, its risk in words, its slack in working days and how many milestones it has."""
    rows = []
    for line in chart.lines:
        danger = ' class="table-danger"' if line.risk == "overdue" else ""
        slack = "—" if line.slack is None else str(line.slack)
        rows.append(
            f'<tr{danger}><th scope="row"><a href="{escape(progress_path)}{line.key.pk}/">'
            f"{escape(line.key.name)}</a></th><td>{escape(line.key.person_in_charge or '—')}</td>"
            f'<td>{escape(_risk_word(line.risk))}</td><td class="text-end">{slack}</td>'
            f"<td>{len(line.segments)}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text is escaped
