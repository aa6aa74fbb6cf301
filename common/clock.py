"""The portal's one clock: every "today" and "now" the programme reasons with comes from here.

In production it is the machine's clock. A setting, ``PORTAL_TODAY`` (an ISO day), sets the
day the portal lives on while the time of day keeps running: the demo sets it to the day its
records stop (the article's summer of 2020), so a newcomer's first screens read as that one day
and nothing counts from the years after; a test sets it with pytest-django's ``settings``
fixture rather than patching dates.

What does not go through it: the audit trail (who changed what and when: django-simple-history,
the login records of django-axes), which keeps the machine's time, since it records when a
change really happened.
"""

import datetime
from functools import lru_cache

from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=8)
def _parse(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def set_day() -> datetime.date | None:
    """Return the day ``PORTAL_TODAY`` sets, or None when the portal follows the machine."""
    value = getattr(settings, "PORTAL_TODAY", None)
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return _parse(str(value))


def now() -> datetime.datetime:
    """Return the current moment (aware): the machine's, moved to the set day if there is one."""
    moment = timezone.now()
    day = set_day()
    if day is None:
        return moment
    local = timezone.localtime(moment)
    return local.replace(year=day.year, month=day.month, day=day.day)


def today() -> datetime.date:
    """Return the current day in the portal's time zone."""
    return set_day() or timezone.localdate()
