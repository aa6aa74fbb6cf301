"""The register's rules as pure functions: no ORM, tested without a database."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


# Where a compound may lie: China's extent in degrees (WGS-84 / CGCS2000, the datum 天地图 and
# the national surveys use; a GCJ-02 point from a commercial map is off by a few hundred metres
# but inside it). A point outside is a typing error, most often latitude and longitude swapped.
CHINA_LATITUDE = (Decimal("3.8"), Decimal("53.6"))
CHINA_LONGITUDE = (Decimal("73.4"), Decimal("135.1"))


COORDINATE_PLACES = Decimal("0.000001")  # six decimals: ten centimetres


def round_coordinate(value: Decimal | None) -> Decimal | None:
    """Return a typed or clicked coordinate at the six decimals the register keeps (a phone's
    GPS gives more); a number too large to be a coordinate is left for location_errors."""
    if value is None or not value.is_finite() or abs(value) >= 1000:
        return value
    return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def _within(value, bounds) -> bool:
    return bounds[0] <= value <= bounds[1]


def location_errors(*, latitude: Decimal | None, longitude: Decimal | None) -> dict:
    """Return the errors of a compound's location by field: both coordinates or neither, and a
    point in China, with a sentence that says what went wrong when the two look swapped."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return {missing: [_("Give both the latitude and the longitude, or neither.")]}
    if _within(latitude, CHINA_LATITUDE) and _within(longitude, CHINA_LONGITUDE):
        return {}
    if _within(longitude, CHINA_LATITUDE) and _within(latitude, CHINA_LONGITUDE):
        return {
            "latitude": [
                _(
                    "Latitude and longitude look swapped: the latitude is the smaller number "
                    "(about 34.8 in Zhengzhou), the longitude the larger (about 113.7)."
                )
            ]
        }
    return {
        "latitude": [
            _(
                "This point is outside China: the latitude must lie between %(south)s and "
                "%(north)s degrees north, the longitude between %(west)s and %(east)s degrees east."
            )
            % {
                "south": CHINA_LATITUDE[0],
                "north": CHINA_LATITUDE[1],
                "west": CHINA_LONGITUDE[0],
                "east": CHINA_LONGITUDE[1],
            }
        ]
    }


class MapState:
    """Where a compound stands, as the map colours it: the status, with the planned compounds
    that should have started by their backward plan (倒排工期) told apart."""

    NOT_STARTED = "not_started"
    LATE = "late"
    UNDER_WAY = "under_way"
    COMPLETED = "completed"
    ACCEPTED = "accepted"

    LABELS = {
        NOT_STARTED: gettext_lazy("not started"),
        LATE: gettext_lazy("late to start"),
        UNDER_WAY: gettext_lazy("under way"),
        COMPLETED: gettext_lazy("completed"),
        ACCEPTED: gettext_lazy("accepted"),
    }
    ORDER = (LATE, NOT_STARTED, UNDER_WAY, COMPLETED, ACCEPTED)


def map_state(*, status: str, latest_start: datetime.date | None, today: datetime.date) -> str:
    """Return the compound's MapState: late to start when still planned and its first
    milestone's latest start has passed (the same rule as the dashboard's count of late
    starts, compounds.selectors.late_to_start_q)."""
    if status == CompoundStatus.PLANNED:
        late = latest_start is not None and latest_start < today
        return MapState.LATE if late else MapState.NOT_STARTED
    return {
        CompoundStatus.STARTED: MapState.UNDER_WAY,
        CompoundStatus.COMPLETED: MapState.COMPLETED,
        CompoundStatus.ACCEPTED: MapState.ACCEPTED,
    }.get(status, MapState.NOT_STARTED)


def other_compounds(count: int) -> str:
    """Name compounds outside the reader's scope by their number only ("2 other compounds");
    empty when there are none. A page about a record in scope (a team, an inspection) counts
    the related compounds it may not name."""
    if not count:
        return ""
    return ngettext("%(count)d other compound", "%(count)d other compounds", count) % {
        "count": count
    }
