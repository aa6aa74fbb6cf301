"""The register's rules as pure functions: no ORM, tested without a database."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.rules import FUTURE_DAY, is_in_the_future, percent

from .choices import CompoundStatus

STATUS_ORDER = [
    CompoundStatus.PLANNED,
    CompoundStatus.STARTED,
    CompoundStatus.COMPLETED,
    CompoundStatus.ACCEPTED,
]
STARTED_STATUSES = frozenset(STATUS_ORDER[1:])
COMPLETED_STATUSES = frozenset(STATUS_ORDER[2:])


def is_started(status: str) -> bool:
    """Return whether a compound in ``status`` counts as started (已开工)."""
    return status in STARTED_STATUSES


def is_completed(status: str) -> bool:
    """Return whether a compound in ``status`` counts as completed (已完工)."""
    return status in COMPLETED_STATUSES


def rate(part: int, whole: int) -> Decimal | None:
    """Return ``part / whole`` as a fraction, or None when there is nothing to count."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def start_rate(started: int, total: int) -> int | None:
    """Return the start rate (开工率) in whole percent: compounds started over compounds planned."""
    return percent(rate(started, total))


def compound_date_errors(
    *,
    status: str,
    started_on: datetime.date | None,
    completed_on: datetime.date | None,
    accepted_on: datetime.date | None,
    today: datetime.date,
) -> dict[str, list[str]]:
    """Return the errors, by field, of a compound's status and dates; empty when they agree.

    A status needs the date that reached it (started needs a start date, completed a completion
    date, accepted an acceptance date); a date may not be set for a stage not reached; dates
    follow each other and none lies in the future.
    """
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    reached = STATUS_ORDER.index(status) if status in STATUS_ORDER else 0
    stages = [
        ("started_on", started_on, _("A started compound needs its start date.")),
        ("completed_on", completed_on, _("A completed compound needs its completion date.")),
        ("accepted_on", accepted_on, _("An accepted compound needs its acceptance date.")),
    ]
    for index, (field, value, missing) in enumerate(stages, start=1):
        if reached >= index and value is None:
            add(field, missing)
        elif reached < index and value is not None:
            add(field, _("Leave this date empty until the compound reaches that stage."))
        if is_in_the_future(value, today=today):
            add(field, FUTURE_DAY)
    if started_on and completed_on and completed_on < started_on:
        add("completed_on", _("The completion date comes before the start date."))
    if completed_on and accepted_on and accepted_on < completed_on:
        add("accepted_on", _("The acceptance date comes before the completion date."))
    return errors


# The spread of progress the dashboard shows. Each band is (key, label, above, up to): a
# compound is in it when above < progress <= up to; None leaves that side open. "none" holds
# the compounds with no work planned yet; "0" those with work planned and nothing done.
PROGRESS_BANDS = (
    ("none", gettext_lazy("no work planned"), None, None),
    ("0", "0%", None, Decimal(0)),
    ("1-25", "1–25%", Decimal(0), Decimal("0.25")),
    ("26-50", "26–50%", Decimal("0.25"), Decimal("0.5")),
    ("51-75", "51–75%", Decimal("0.5"), Decimal("0.75")),
    ("76-99", "76–99%", Decimal("0.75"), Decimal("0.9999")),
    ("100", "100%", Decimal("0.9999"), None),
)
