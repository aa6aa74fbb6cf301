"""Rules every app shares, as pure functions (no ORM): how a share reads as a percentage, that
a day has not come yet, that a correction says why, and how an amount of yuan is written. Each
app's own rules are in its rules.py."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The one sentence of the refusal, wherever a day must not lie ahead.
FUTURE_DAY = _("This day is in the future.")
# The one sentence of the refusal, wherever a correction of a record needs a reason.
REASON_NEEDED = _("Say why the record is corrected.")


def percent(share) -> int | None:
    """Return a share (a fraction: 0.8667 for 26 of 30) as a whole percentage, the one rounding
    of every page, export and API: half up, as the street reports it (26 of 30 is 86.67%,
    reported as 87%), except that nothing short of the whole reads 100 (199 of 200 done is
    99%, not 100%: an inspector reading 100% must be able to trust that all is done). None
    stays None (nothing to count)."""
    if share is None:
        return None
    share = share if isinstance(share, Decimal) else Decimal(str(share))
    value = int((share * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return min(value, 99) if share < 1 else value


def yuan(amount) -> str:
    """Return an amount as every page and sentence writes it, exact and grouped by thousands:
    ¥1,234,567.89 (nothing is ¥0.00)."""
    return f"¥{Decimal(amount or 0):,.2f}"


def percent_of(part, whole) -> int | None:
    """Return ``part`` of ``whole`` as a whole percentage (None when ``whole`` is 0)."""
    if not whole:
        return None
    return percent(Decimal(str(part)) / Decimal(str(whole)))


def is_in_the_future(day: datetime.date | None, *, today: datetime.date) -> bool:
    """Whether ``day`` has not come yet on ``today`` (no day is never in the future)."""
    return day is not None and day > today


def has_reason(text: str | None) -> bool:
    """Whether ``text`` gives a reason: anything but blanks. A correction of a record that
    needs one (a log past its window, a quantity past its plan, a budget, a supervision
    record) is refused without it."""
    return bool((text or "").strip())


def retention_cutoff(now: datetime.datetime, days: int) -> datetime.datetime:
    """The moment before which a period of ``days`` that started has run out at ``now``:
    personal data kept since before it is due for erasure (PIPL: no longer than needed)."""
    return now - datetime.timedelta(days=days)


def retention_cutoff_day(now: datetime.datetime, days: int) -> datetime.date:
    """The day before which a period of ``days`` counted from a day (in the portal's time zone)
    has run out at ``now``."""
    return timezone.localtime(retention_cutoff(now, days)).date()


def retention_over(start, *, now: datetime.datetime, days: int) -> bool:
    """Whether more than ``days`` have passed from ``start`` (a moment, or a day such as a
    compound's acceptance, counted in the portal's time zone) to ``now``. No start: the period
    has not begun."""
    if start is None:
        return False
    if not isinstance(start, datetime.datetime):
        return start < retention_cutoff_day(now, days)
    return start < retention_cutoff(now, days)
