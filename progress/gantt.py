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


def chart(
    steps: Sequence[Step],
    *,
    today: datetime.date,
    deadline: datetime.date | None,
    calendar: WorkingCalendar,
    day_width: float = DAY_WIDTH,
) -> Chart:
    """The chart of ``steps``: the span of all their dates, today and the deadline, with a
    week's margin on each side."""
    dates = [today] + ([deadline] if deadline else [])
    for step in steps:
        dates += [
            d
            for d in (step.planned_start, step.planned_finish, step.latest_start,
                      step.latest_finish, step.actual_start, step.actual_finish)
            if d
        ]  # fmt: skip
    first = min(dates) - MARGIN_DAYS * ONE_DAY
    last = max(dates) + MARGIN_DAYS * ONE_DAY

    def x(day: datetime.date) -> float:
        return (day - first).days * day_width

    def bar(start, finish) -> Bar | None:
        if not start:
            return None
        finish = max(finish or start, start)
        return Bar(x(start), (finish - start).days * day_width + day_width, start, finish)

    rows = []
    for index, step in enumerate(steps):
        actual_end = step.actual_finish or (today if step.actual_start else None)
        rows.append(
            Row(
                key=step.key,
                y=AXIS_HEIGHT + index * ROW_HEIGHT,
                risk=risk_of(step),
                planned=bar(step.planned_start, step.planned_finish),
                backward=bar(step.latest_start, step.latest_finish),
                actual=bar(step.actual_start, actual_end),
            )
        )
    return Chart(
        first=first,
        last=last,
        day_width=day_width,
        width=x(last) + day_width,
        height=AXIS_HEIGHT + max(len(rows), 1) * ROW_HEIGHT,
        rows=rows,
        days_off=_days_off(first, last, calendar, bar),
        months=_months(first, last, bar),
        today_x=x(today) + day_width / 2,
        deadline_x=x(deadline) + day_width if deadline else None,
    )


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
