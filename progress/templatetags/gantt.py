"""The wall chart's SVG marks, written in Python: hundreds of compounds make thousands of
rectangles, which the template language renders several times slower (``manage.py bench``:
wall_chart_street). The marks are the same as the template would write; the text in them is
escaped."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _n(value: float) -> str:
    """A coordinate as SVG takes it: no thousands separator, no needless decimals."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@register.simple_tag
def programme_marks(chart):
    """The days off, the months and every line's segments of a gantt.Programme."""
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
