"""The geometry of a schedule's bar chart (横道图), as pure functions: no ORM, no drawing.

A chart spans whole days, from a little before its first date to a little after the deadline;
each day is ``day_width`` pixels wide, so a bar's place follows from its dates alone. Each
milestone row has up to three bars: the planned one (its planned start and finish, as typed),
the backward plan's (latest start to latest finish, 倒排工期) and the actual one (started to
finished, or to today while under way). The days off of the working calendar (weekends and
official holidays, less the make-up working days, 调休) are shaded; today's line and the
deadline are marked. ``templates/progress/includes/gantt.html`` draws it as SVG.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .rules import ONE_DAY, WorkingCalendar

DAY_WIDTH = 4  # pixels a day: a year is about 1,460 px, scrolled sideways on a phone
ROW_HEIGHT = 28
AXIS_HEIGHT = 36  # the months and their days above the rows
MARGIN_DAYS = 7

# A row's risk, in the order the programme chart sorts by; the colour and the words of each.
DONE, OVERDUE, TIGHT, ON_TRACK, UNPLANNED = "done", "overdue", "tight", "on_track", "unplanned"
TIGHT_SLACK = 5  # working days to spare at most for a step to be drawn as tight


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    start: datetime.date
    finish: datetime.date


@dataclass(frozen=True)
class Row:
    key: object
    y: float
    risk: str
    planned: Bar | None
    backward: Bar | None
    actual: Bar | None


@dataclass(frozen=True)
class Chart:
    first: datetime.date
    last: datetime.date
    day_width: float
    width: float
    height: float
    rows: list[Row]
    days_off: list[Bar]  # runs of consecutive days off
    months: list[Bar]  # each month's span, for the axis
    today_x: float | None
    deadline_x: float | None


@dataclass(frozen=True)
class Step:
    """What the chart needs of a milestone: its dates, state and slack."""

    key: object
    planned_start: datetime.date | None
    planned_finish: datetime.date | None
    latest_start: datetime.date | None
    latest_finish: datetime.date | None
    actual_start: datetime.date | None
    actual_finish: datetime.date | None
    slack: int | None
    overdue: bool


def risk_of(step: Step) -> str:
    """A step's risk: done, overdue, tight (little slack), on track, or not planned."""
    if step.actual_finish:
        return DONE
    if step.overdue or (step.slack is not None and step.slack < 0):
        return OVERDUE
    if step.latest_start is None:
        return UNPLANNED
    if step.slack is not None and step.slack <= TIGHT_SLACK:
        return TIGHT
    return ON_TRACK


def _axis(dates, *, today, deadline, day_width):
    """The span of a chart (a week's margin each side of its dates, today and the deadline), a
    day's x and a bar from two days."""
    dates = [d for d in dates if d] + [today] + ([deadline] if deadline else [])
    first = min(dates) - MARGIN_DAYS * ONE_DAY
    last = max(dates) + MARGIN_DAYS * ONE_DAY

    def x(day: datetime.date) -> float:
        return (day - first).days * day_width

    def bar(start, finish) -> Bar | None:
        if not start:
            return None
        finish = max(finish or start, start)
        return Bar(x(start), (finish - start).days * day_width + day_width, start, finish)

    return first, last, x, bar


def _frame(first, last, x, bar, rows: int, *, calendar, today, deadline, day_width) -> dict:
    """What every chart has beside its rows: its span and size, the days off, the months,
    today's line and the deadline."""
    return {
        "first": first,
        "last": last,
        "day_width": day_width,
        "width": x(last) + day_width,
        "height": AXIS_HEIGHT + max(rows, 1) * ROW_HEIGHT,
        "days_off": _days_off(first, last, calendar, bar),
        "months": _months(first, last, bar),
        "today_x": x(today) + day_width / 2,
        "deadline_x": x(deadline) + day_width if deadline else None,
    }


def _dates(step: Step) -> tuple:
    return (step.planned_start, step.planned_finish, step.latest_start, step.latest_finish,
            step.actual_start, step.actual_finish)  # fmt: skip


def _actual(step: Step, today, bar) -> Bar | None:
    return bar(step.actual_start, step.actual_finish or (today if step.actual_start else None))


def chart(
    steps: Sequence[Step],
    *,
    today: datetime.date,
    deadline: datetime.date | None,
    calendar: WorkingCalendar,
    day_width: float = DAY_WIDTH,
) -> Chart:
    """The chart of one compound's ``steps``: a row each."""
    first, last, x, bar = _axis(
        [d for step in steps for d in _dates(step)], today=today, deadline=deadline,
        day_width=day_width,
    )  # fmt: skip
    rows = [
        Row(
            key=step.key,
            y=AXIS_HEIGHT + index * ROW_HEIGHT,
            risk=risk_of(step),
            planned=bar(step.planned_start, step.planned_finish),
            backward=bar(step.latest_start, step.latest_finish),
            actual=_actual(step, today, bar),
        )
        for index, step in enumerate(steps)
    ]
    return Chart(
        rows=rows,
        **_frame(first, last, x, bar, len(rows), calendar=calendar, today=today,
                 deadline=deadline, day_width=day_width),
    )  # fmt: skip


# The programme chart (the wall chart, 挂图作战): a line per compound, its milestones one after
# another along it, the lines sorted by risk.
RISK_ORDER = {OVERDUE: 0, TIGHT: 1, ON_TRACK: 2, UNPLANNED: 3, DONE: 4}


@dataclass(frozen=True)
class Segment:
    key: object
    risk: str
    backward: Bar | None
    actual: Bar | None


@dataclass(frozen=True)
class Line:
    key: object
    y: float
    risk: str
    slack: int | None  # the least slack of its open steps
    segments: list[Segment]


@dataclass(frozen=True)
class Programme:
    first: datetime.date
    last: datetime.date
    day_width: float
    width: float
    height: float
    lines: list[Line]
    days_off: list[Bar]
    months: list[Bar]
    today_x: float
    deadline_x: float | None


def line_risk(steps: Sequence[Step], *, finished: bool = False) -> tuple[str, int | None]:
    """A compound's risk, the worst of its steps' (none: not planned; a compound completed or
    accepted: done), and its least slack."""
    if finished:
        return DONE, None
    if not steps:
        return UNPLANNED, None
    risks = [risk_of(step) for step in steps]
    open_slack = [s.slack for s in steps if s.slack is not None and not s.actual_finish]
    worst = min(risks, key=RISK_ORDER.__getitem__)
    if all(risk == DONE for risk in risks):
        worst = DONE
    return worst, min(open_slack) if open_slack else None


def programme(
    lines: Sequence[tuple[object, str, Sequence[Step], bool]],
    *,
    today: datetime.date,
    deadline: datetime.date | None,
    calendar: WorkingCalendar,
    day_width: float = DAY_WIDTH / 2,
) -> Programme:
    """The programme chart of ``lines`` (key, name, steps, whether the compound is finished),
    sorted by risk: overdue first, then the least slack, then the name."""
    first, last, x, bar = _axis(
        [d for _k, _n, steps, _f in lines for step in steps for d in _dates(step)],
        today=today, deadline=deadline, day_width=day_width,
    )  # fmt: skip
    ranked = []
    for key, name, steps, finished in lines:
        risk, slack = line_risk(steps, finished=finished)
        ranked.append((RISK_ORDER[risk], slack if slack is not None else 10**6, name, key, risk,
                       slack, steps))  # fmt: skip
    ranked.sort(key=lambda item: item[:3])
    drawn = []
    for index, (_o, _s, _n, key, risk, slack, steps) in enumerate(ranked):
        segments = [
            Segment(step.key, risk_of(step), bar(step.latest_start, step.latest_finish),
                    _actual(step, today, bar))
            for step in steps
        ]  # fmt: skip
        drawn.append(Line(key, AXIS_HEIGHT + index * ROW_HEIGHT, risk, slack, segments))
    return Programme(
        lines=drawn,
        **_frame(first, last, x, bar, len(drawn), calendar=calendar, today=today,
                 deadline=deadline, day_width=day_width),
    )  # fmt: skip


def _days_off(first, last, calendar, bar) -> list[Bar]:
    runs, start, day = [], None, first
    while day <= last:
        if not calendar.is_working_day(day):
            start = start or day
        elif start:
            runs.append(bar(start, day - ONE_DAY))
            start = None
        day += ONE_DAY
    if start:
        runs.append(bar(start, last))
    return runs


def _months(first, last, bar) -> list[Bar]:
    months, day = [], first
    while day <= last:
        following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        months.append(bar(day, min(following - ONE_DAY, last)))
        day = following
    return months
