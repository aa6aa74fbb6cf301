"""Scheduling and progress rules as pure functions: no ORM, tested without a database."""

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DAY = datetime.timedelta(days=1)


class WorkingCalendar:
    """Monday to Friday, less official holidays, plus the make-up working days (调休)."""

    def __init__(
        self, holidays: Iterable[datetime.date] = (), workdays: Iterable[datetime.date] = ()
    ):
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        # The exceptions that change a count, sorted for bisect: the holidays on a weekday
        # (one working day fewer) and the make-up days on a weekend (one more).
        self._days_off = sorted(
            d for d in self.holidays if d.weekday() < 5 and d not in self.workdays
        )
        self._days_on = sorted(d for d in self.workdays if d.weekday() >= 5)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def on_or_before(self, day: datetime.date) -> datetime.date:
        """Return the last working day on or before ``day``."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """Return the first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def count(self, first: datetime.date, last: datetime.date) -> int:
        """Return the number of working days from ``first`` to ``last``, both included: the
        weekdays, counted by whole weeks, less the holidays that fall on one, plus the make-up
        days that fall on a weekend (years of dates cost no more than days)."""
        if last < first:
            return 0
        weeks, rest = divmod((last - first).days + 1, 7)
        start = first.weekday()
        days = weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)
        days -= bisect_right(self._days_off, last) - bisect_left(self._days_off, first)
        days += bisect_right(self._days_on, last) - bisect_left(self._days_on, first)
        return days

    def start_for(self, finish: datetime.date, duration: int) -> datetime.date:
        """Return the latest start of work lasting ``duration`` working days that ends on
        ``finish`` (a working day)."""
        if duration < 1:
            raise ValueError("A duration is at least one working day.")
        day = finish
        remaining = duration - 1
        while remaining:
            day -= ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def signed_count(self, frm: datetime.date, to: datetime.date) -> int:
        """Return the working days from ``frm`` to ``to``, not counting ``frm``: positive when
        ``to`` is later, negative when earlier, zero when they are the same working day."""
        if to >= frm:
            return self.count(frm + ONE_DAY, to)
        return -self.count(to + ONE_DAY, frm)


@dataclass(frozen=True)
class ScheduledStep:
    key: object
    duration: int
    latest_start: datetime.date
    latest_finish: datetime.date


@dataclass(frozen=True)
class ReverseSchedule:
    """Milestones planned backwards from a deadline (倒排工期)."""

    steps: list[ScheduledStep]
    deadline: datetime.date
    earliest_start: datetime.date | None
    shortfall: int  # working days missing to fit between earliest_start and the deadline

    @property
    def fits(self) -> bool:
        return self.shortfall == 0


def reverse_schedule(
    durations: Sequence[tuple[object, int]],
    *,
    deadline: datetime.date,
    calendar: WorkingCalendar,
    earliest_start: datetime.date | None = None,
) -> ReverseSchedule:
    """Plan steps done one after another backwards from ``deadline``.

    The last step finishes on the last working day on or before the deadline; each earlier step
    finishes on the working day before the next one starts. When ``earliest_start`` is given
    (today, or the plan's start) and the first step would have to start before it, ``shortfall``
    is the number of working days missing.
    """
    steps: list[ScheduledStep] = []
    finish = calendar.on_or_before(deadline)
    for key, duration in reversed(durations):
        start = calendar.start_for(finish, duration)
        steps.append(ScheduledStep(key, duration, start, finish))
        finish = calendar.on_or_before(start - ONE_DAY)
    steps.reverse()
    shortfall = 0
    if earliest_start is not None and steps:
        first_start = steps[0].latest_start
        available_from = calendar.on_or_after(earliest_start)
        if first_start < available_from:
            shortfall = calendar.count(first_start, available_from - ONE_DAY)
    return ReverseSchedule(steps, deadline, earliest_start, shortfall)


def overdue_after(
    *,
    latest_start: datetime.date,
    latest_finish: datetime.date,
    actual_start: datetime.date | None,
    actual_finish: datetime.date | None,
    compound_completed: bool = False,
) -> datetime.date | None:
    """Return the last day a step may stay as it is before it is overdue: its latest start
    while it has not started, its latest finish while it is under way, None once done, and
    None when its compound is completed or accepted (a step left open there is not late work).

    The one rule of "overdue": the stored ``Milestone.overdue_after`` the dashboard and the
    lists count is this, and ``milestone_overdue`` reads it."""
    if actual_finish or compound_completed:
        return None
    return latest_finish if actual_start else latest_start


def milestone_overdue(*, overdue_after: datetime.date | None, today: datetime.date) -> bool:
    """Return whether a step whose ``overdue_after`` (see above) is this is overdue on ``today``."""
    return overdue_after is not None and today > overdue_after


def milestone_slack(
    *,
    today: datetime.date,
    latest_start: datetime.date,
    latest_finish: datetime.date,
    actual_start: datetime.date | None,
    actual_finish: datetime.date | None,
    calendar: WorkingCalendar,
    compound_completed: bool = False,
) -> int | None:
    """Return a step's slack: the working days to spare from today before the latest date it
    may start (not started) or finish (under way), negative when late.

    Today counts from the first working day on or after it, so the slack is negative exactly
    when the step is overdue, on a weekend too. A step done keeps the slack it finished with
    (from its actual finish to its latest finish); a step left open in a compound completed or
    accepted has none to lose: None."""
    if actual_finish:
        return calendar.signed_count(actual_finish, latest_finish)
    if compound_completed:
        return None
    limit = latest_finish if actual_start else latest_start
    return calendar.signed_count(calendar.on_or_after(today), limit)


def item_progress(done: Decimal, planned: Decimal) -> Decimal:
    """Return the share of a work item done, from 0 to 1 (more than planned counts as done)."""
    if planned <= 0:
        return Decimal(1) if done > 0 else Decimal(0)
    return min(Decimal(done) / Decimal(planned), Decimal(1))


def weighted_progress(items: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Return the weighted mean of (progress, weight) pairs: a compound's overall progress.

    None when there is nothing to weigh (no items, or every weight zero).
    """
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for progress, weight in items:
        total_weight += Decimal(weight)
        weighted += Decimal(progress) * Decimal(weight)
    if total_weight <= 0:
        return None
    return weighted / total_weight


# Units that count whole things (places, households, buildings, machines: 处, 户, 栋, 台, and
# 个, 部 should they come): their quantities are whole numbers wherever they are shown. The
# codes of progress.choices.Unit, written out so that the rule needs no model.
COUNT_UNITS = frozenset({"place", "household", "building", "machine", "piece", "elevator"})
CENT = Decimal("0.01")


def quantity_shown(value, unit: str):
    """Return a quantity as shown: a whole number (an int) for a count unit, a share of one
    rounded half up (10.38 栋 -> 10, 10.5 栋 -> 11); lengths and areas (米, m²) keep two
    decimals (a Decimal). None stays None."""
    if value is None or value == "":
        return None
    value = Decimal(value)
    if unit in COUNT_UNITS:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# Who may change a day's log after the day (日调度 edit windows).
EDIT_FREE = "free"  # no reason needed
EDIT_WITH_REASON = "with_reason"  # allowed, with a written reason kept in history
EDIT_REFUSED = "refused"


def log_edit_window(*, log_date: datetime.date, today: datetime.date, street_level: bool) -> str:
    """Return whether a log of ``log_date`` may be changed on ``today``.

    Everyone who may change logs may change today's and yesterday's freely; street staff (and
    wider) may correct older logs with a reason; community staff may not.
    """
    if today - log_date <= ONE_DAY:
        return EDIT_FREE
    return EDIT_WITH_REASON if street_level else EDIT_REFUSED


def excess_over_plan(*, done_before: Decimal, today: Decimal, planned: Decimal) -> Decimal:
    """Return how far a day's quantity takes a work item past its plan (0 when it does not)."""
    return max(Decimal(done_before) + Decimal(today) - Decimal(planned), Decimal(0))


# The closed loop of a problem (整改闭环), one table: the responsible side fixes it and submits
# the fix; someone of the level that raised it verifies, then closes it or sends it back (with
# a note saying what is still wrong), or reopens a closed one whose fix did not hold. Each row
# is a move, who makes it, and for the verifying level's moves the verdict that makes it.
# Everything below (the moves, who makes them, the verdicts, which needs a note) is read
# from it; forms, serializers and views ask these functions, and the services enforce them.
RESPONSIBLE, VERIFIER = "responsible", "verifier"


@dataclass(frozen=True)
class Move:
    current: str
    new: str
    by: str  # RESPONSIBLE or VERIFIER
    verdict: str = ""  # the verifier's word that makes the move
    needs_note: bool = False  # the verifier says what they found


LOOP = (
    Move("open", "rectifying", RESPONSIBLE),
    Move("open", "submitted", RESPONSIBLE),
    Move("rectifying", "submitted", RESPONSIBLE),
    Move("sent_back", "rectifying", RESPONSIBLE),
    Move("sent_back", "submitted", RESPONSIBLE),
    Move("submitted", "closed", VERIFIER, verdict="close"),
    Move("submitted", "sent_back", VERIFIER, verdict="send_back", needs_note=True),
    Move("closed", "rectifying", VERIFIER, verdict="reopen"),  # the fix did not hold
)
RECTIFICATION_MOVES = {
    status: {move.new for move in LOOP if move.current == status}
    for status in dict.fromkeys(move.current for move in LOOP)
}
# The moves only the verifying level makes; the others are the responsible side's.
VERIFIER_MOVES = frozenset((move.current, move.new) for move in LOOP if move.by == VERIFIER)
UNRESOLVED = frozenset(RECTIFICATION_MOVES) - {"closed"}
# The verifier's verdicts and the status each leads to.
VERDICTS = {move.verdict: move.new for move in LOOP if move.verdict}
_BY_VERDICT = {move.verdict: move for move in LOOP if move.verdict}
# The statuses a problem reaches only with the verifier's note (sent back: what is wrong).
NOTED_STATUSES = frozenset(move.new for move in LOOP if move.needs_note)


def can_move(current: str, new: str) -> bool:
    """Return whether a problem may go from status ``current`` to ``new``."""
    return current == new or new in RECTIFICATION_MOVES.get(current, set())


def is_verifier_move(current: str, new: str) -> bool:
    """Return whether going from ``current`` to ``new`` is the verifying level's to make."""
    return (current, new) in VERIFIER_MOVES


def responsible_statuses(current: str) -> list[str]:
    """Return the statuses the responsible side may set on a problem in ``current``: where it
    is (a change of its details only) and where their own moves take it."""
    return [current] + [m.new for m in LOOP if m.current == current and m.by == RESPONSIBLE]


def verdicts_from(current: str) -> list[str]:
    """Return the verdicts the verifying level may give on a problem in ``current``."""
    return [m.verdict for m in LOOP if m.current == current and m.by == VERIFIER]


def verdict_status(verdict: str) -> str | None:
    """Return the status a verdict leads to (None for a word that is no verdict)."""
    return VERDICTS.get(verdict)


def verdict_needs_note(verdict: str) -> bool:
    """Return whether a verdict needs the verifier's note (sending back: what is still
    wrong)."""
    move = _BY_VERDICT.get(verdict)
    return move is not None and move.needs_note


# The level each role acts at; a problem raised at a level is verified at the level in
# VERIFIED_AT (the street engaged the supervision firm and the third party, and answers for
# their findings).
ROLE_LEVEL = {
    "street_staff": "street",
    "community_staff": "community",
    "resident_supervisor": "residents",
    "district_inspector": "district",
}
VERIFIED_AT = {
    "street": "street",
    "community": "community",
    "residents": "residents",
    "firm": "street",
    "third_party": "street",
    "district": "district",
}
# Where a problem comes from decides the level that raised it, unless a record says otherwise
# (a supervision record carries its own level).
SOURCE_LEVEL = {
    "weekly_meeting": "street",
    "daily_log": "community",
    "supervision": "street",
    "inspection": "district",
    "opinion": "community",
}


def may_verify(*, roles, level: str, administrator: bool = False) -> bool:
    """Return whether a user holding ``roles`` (role names) verifies problems raised at
    ``level``: an administrator always, others when one of their roles acts at the level
    that verifies it."""
    if administrator:
        return True
    acting = {ROLE_LEVEL[role] for role in roles if role in ROLE_LEVEL}
    return VERIFIED_AT.get(level) in acting


def is_overdue(*, status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Return whether an unresolved problem is past its deadline."""
    return status in UNRESOLVED and deadline is not None and today > deadline


def report_period(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of the week (Monday to Sunday) or month holding ``day``."""
    if kind == "weekly":
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - ONE_DAY


def previous_period(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the last complete week or month before ``today`` (what the beat reports on)."""
    start, _end = report_period(kind, today)
    return report_period(kind, start - ONE_DAY)
