"""The dashboard's long loops, written with format_html as Django's admin writes the cells of
its change list (django.contrib.admin.templatetags.admin_list.items_for_result): the table per
street or community and the rows of the charts' tables are most of the page's values, and the
template language spends some ten microseconds on each. The markup is the one the templates
had; every value is escaped by format_html."""

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()

REGISTER_ROW = (
    '<tr><th scope="row"><a href="{url}">{name}</a></th>'
    '<td class="text-end"><a href="{url}">{compounds}</a></td>'
    '<td class="text-end"><a href="{url}&amp;started=true">{started}</a></td>'
    '<td class="text-end">{rate}%</td>'
    '<td class="text-end">{not_started}</td>'
    '<td class="text-end">{late}</td>'
    '<td class="text-end">{buildings}</td>'
    '<td class="text-end">{households}</td>'
    '<td class="text-end">{floor_area}</td></tr>'
)
WARNING_LINK = '<a class="text-danger fw-semibold" href="{}&amp;{}">{}</a>'


def _number(value) -> str:
    """A whole number as the template language writes it (localize), without its cost when
    no thousands separator is asked for."""
    if isinstance(value, int) and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


def _warning(count, url, query):
    """A count that needs attention links to its list in red; none is a plain 0."""
    return format_html(WARNING_LINK, url, query, _number(count)) if count else "0"


@register.simple_tag
def register_rows(rows):
    """The rows of the table per community (or per street) of the register."""
    return format_html_join(
        "\n",
        REGISTER_ROW,
        (
            {
                "url": row["url"],
                "name": row["name"],
                "compounds": _number(row["compounds"]),
                "started": _number(row["started"]),
                "rate": "—" if row["start_rate"] is None else _number(row["start_rate"]),
                "not_started": _warning(row["not_started"], row["url"], "started=false"),
                "late": _warning(row["late"], row["url"], "late_to_start=true"),
                "buildings": _number(row["buildings"]),
                # Grouped by thousands (3,251; 311,486.40) in Chinese as in English.
                "households": number_format(row["households"], force_grouping=True),
                "floor_area": number_format(row["floor_area"], force_grouping=True),
            }
            for row in rows
        ),
    )


def _chart_cell(cell, unit, space):
    value = cell["value"]
    if value is None:
        return format_html(
            '<td class="text-end" data-value=""><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">{}</span></td>',
            gettext("no data"),
        )
    shown = format_html("{}{}{}", intcomma(value), "\xa0" if space else "", unit)
    if cell.get("url"):
        shown = format_html('<a href="{}">{}</a>', cell["url"], shown)
    return format_html('<td class="text-end" data-value="{}">{}</td>', str(value), shown)


@register.simple_tag
def chart_rows(chart):
    """The rows of a chart's table (see templates/includes/chart.html): a header cell per
    row, linked when the row has a url, then a cell per series with its raw value in
    data-value for static/js/charts.js."""
    unit = chart.get("unit") or ""
    space = bool(unit) and unit[0].isascii() and unit[0].isalpha()  # "3 yuan", "5%"
    rows = []
    for row in chart["rows"]:
        label = row["label"]
        header = format_html('<a href="{}">{}</a>', row["url"], label) if row.get("url") else label
        cells = format_html_join("", "{}", ((_chart_cell(c, unit, space),) for c in row["cells"]))
        rows.append((header, cells))
    return format_html_join("\n", '<tr><th scope="row">{}</th>{}</tr>', rows)


@register.simple_tag
def select_options(options):
    """The options of one of the filter form's lists (DashboardFilterForm.rows)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((o["value"], " selected" if o["selected"] else "", o["label"]) for o in options),
    )
