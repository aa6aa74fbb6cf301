"""Template tags on the portal's one clock (common.clock): Django's ``timesince`` and
``{% now %}`` read the machine's, which the demo and tests may set apart."""

from django import template
from django.utils.timesince import timesince

from common import clock

register = template.Library()


@register.filter
def since(moment):
    """Return the time from ``moment`` to the clock's now, as ``timesince`` writes it."""
    if not moment:
        return ""
    return timesince(moment, clock.now())


@register.simple_tag
def today():
    """Return the clock's today."""
    return clock.today()
