"""Template filters for figures, so that no template rounds a number itself."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

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


TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")


@register.filter
def wan_yuan(amount):
    """An amount in yuan as officials read it, in 万元 (ten thousands of yuan) to two
    decimals, grouped: 17601400 -> "1,760.14 万元". "" when there is none."""
    if amount is None or amount == "":
        return ""
    wan = (Decimal(amount) / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)
    return gettext("%(amount)s ten thousand yuan") % {
        "amount": number_format(wan, 2, force_grouping=True)
    }


@register.filter
def yuan(amount):
    """The exact amount, grouped, with the yuan sign (common.rules.yuan, as the fund's sentences
    write it): 17601400 -> "¥17,601,400.00". "" when there is none."""
    if amount is None or amount == "":
        return ""
    return rules.yuan(amount)
