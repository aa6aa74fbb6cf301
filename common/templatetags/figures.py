"""Template filters for figures, so that no template rounds a number itself."""

from django import template

from common import rules

register = template.Library()


@register.filter
def percent(share):
    """A share as a whole percentage (common.rules.percent); "" when there is none."""
    value = rules.percent(share)
    return "" if value is None else value


@register.simple_tag(name="percent")
def percent_tag(share):
    """``{% percent share as name %}``: the same, kept under a name for the rest of the block."""
    return percent(share)
