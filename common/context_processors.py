"""Context every page's base template reads."""

from . import clock


def portal_day(request):
    """The day the clock is set to (common.clock), for the strip that says so; nothing when the
    portal follows the machine's clock."""
    return {"portal_day": clock.set_day()}
