"""Reads of the progress records, scoped to the user; the schedule computed on the calendar."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from compounds.choices import CompoundStatus
from compounds.models import Compound
from compounds.selectors import scoped

from . import rules
from .choices import DayKind
from .models import (
    CalendarDay,
    DailyLog,
    DailyLogEntry,
    Milestone,
    Rectification,
    WeeklyMeeting,
    WorkItem,
)


def working_calendar() -> rules.WorkingCalendar:
    """Return the working calendar: weekends off, with the holiday table's exceptions."""
    holidays, workdays = [], []
    for date, kind in CalendarDay.objects.values_list("date", "kind"):
        (workdays if kind == DayKind.WORKDAY else holidays).append(date)
    return rules.WorkingCalendar(holidays=holidays, workdays=workdays)


def work_item_list(*, user) -> QuerySet:
    return scoped(WorkItem.objects.select_related("compound", "building"), user).order_by(
        "compound__name", "category", "building__number", "pk"
    )


def milestone_list(*, user) -> QuerySet:
    return scoped(Milestone.objects.select_related("compound"), user).order_by(
        "compound__name", "order", "pk"
    )


def compound_work_items(*, compound) -> list[WorkItem]:
    return list(compound.work_items.select_related("building").order_by("category", "pk"))


def compound_progress(*, items) -> "Decimal | None":
    """Return a compound's overall progress from its work items (weighted), 0 to 1."""
    return rules.weighted_progress((item.progress, item.weight) for item in items)


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    latest_start: datetime.date
    latest_finish: datetime.date
    state: str  # "done", "in_progress" or "not_started"
    slack: int | None  # working days to spare (negative: late)
    overdue: bool


def compound_schedule(*, compound, calendar=None, today=None) -> dict:
    """Return a compound's milestones planned backwards from its plan's deadline.

    Each row has the latest start and finish, its state, its slack in working days (from the
    planned finish, else from today, to the latest date it may reach) and whether it is overdue.
    ``shortfall`` is the number of working days missing when the steps cannot fit between the
    compound's start (or today, when it has not started) and the deadline.
    """
    calendar = calendar or working_calendar()
    today = today or timezone.localdate()
    milestones = list(compound.milestones.order_by("order", "pk"))
    deadline = compound.plan.target_completion_date
    schedule = rules.reverse_schedule(
        [(m, m.duration) for m in milestones],
        deadline=deadline,
        calendar=calendar,
        earliest_start=compound.started_on or today,
    )
    rows = []
    for step in schedule.steps:
        m = step.key
        if m.actual_finish:
            state, slack = "done", calendar.signed_count(m.actual_finish, step.latest_finish)
            overdue = False
        elif m.actual_start:
            state = "in_progress"
            slack = calendar.signed_count(m.planned_finish or today, step.latest_finish)
            overdue = today > step.latest_finish
        else:
            state = "not_started"
            if m.planned_finish:
                slack = calendar.signed_count(m.planned_finish, step.latest_finish)
            else:
                slack = calendar.signed_count(today, step.latest_start)
            overdue = today > step.latest_start
        rows.append(MilestoneRow(m, step.latest_start, step.latest_finish, state, slack, overdue))
    return {"rows": rows, "deadline": deadline, "shortfall": schedule.shortfall}


def daily_log_list(*, user) -> QuerySet:
    return scoped(DailyLog.objects.select_related("compound", "created_by"), user).order_by(
        "-date", "compound__name", "pk"
    )


def daily_log_detail(*, log) -> dict:
    entries = list(log.entries.select_related("work_item").order_by("work_item__category"))
    return {"entries": entries, "photos": list(log.photos.all())}


def previous_log(*, compound, before: datetime.date) -> "DailyLog | None":
    """Return the compound's latest log before ``before``: what "copy yesterday" copies."""
    return (
        compound.daily_logs.filter(date__lt=before)
        .prefetch_related("entries")
        .order_by("-date")
        .first()
    )


def compounds_without_log(*, user, day: datetime.date) -> QuerySet:
    """Return the compounds under construction in the user's scope with no log on ``day``."""
    return (
        scoped(Compound.objects.select_related("community"), user)
        .filter(status=CompoundStatus.STARTED)
        .exclude(daily_logs__date=day)
        .order_by("community__name", "name")
    )


def work_item_totals(*, compound, exclude_log=None) -> dict[int, Decimal]:
    """Return each work item's quantity done so far, from its entries (one query)."""
    entries = DailyLogEntry.objects.filter(work_item__compound=compound)
    if exclude_log is not None:
        entries = entries.exclude(log=exclude_log)
    return dict(
        entries.values("work_item")
        .annotate(total=Sum("quantity"))
        .values_list("work_item", "total")
    )


def meeting_list(*, user) -> QuerySet:
    return scoped(WeeklyMeeting.objects.select_related("street"), user).order_by("-date", "pk")


def rectification_list(*, user) -> QuerySet:
    return scoped(Rectification.objects.select_related("compound", "meeting"), user).order_by(
        "deadline", "pk"
    )


def meeting_problems(*, meeting, user) -> dict:
    """Return the problems a meeting deals with: those raised at it, and every earlier one of
    its street still unresolved on its day, which carry over by themselves."""
    street_problems = rectification_list(user=user).filter(
        compound__community__street=meeting.street_id
    )
    raised = list(street_problems.filter(meeting=meeting))
    carried = list(
        street_problems.exclude(meeting=meeting)
        .filter(
            Q(meeting__date__lt=meeting.date)
            | Q(meeting__isnull=True, created__date__lte=meeting.date)
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=meeting.date))
    )
    return {"raised": raised, "carried": carried}
