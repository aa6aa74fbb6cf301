"""Template filters for work quantities: every page shows them through progress.rules."""

from django import template
from django.template.defaultfilters import floatformat

from progress import rules

register = template.Library()


@register.filter
def quantity(value, unit):
    """``{{ value|quantity:item.unit }}``: a whole number for a count unit (栋, 台, 处, 户),
    up to two decimals for a length or an area (progress.rules.quantity_shown)."""
    shown = rules.quantity_shown(value, unit)
    if shown is None:
        return ""
    return floatformat(shown, "-2")
