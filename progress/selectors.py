"""Reads of the progress records, scoped to the user; the schedule computed on the calendar."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import ngettext

from common import clock
from compounds import rules as register_rules
from compounds.choices import CompoundStatus
from compounds.models import Compound
from compounds.selectors import Selection, late_to_start_q, record_changes, scoped

from . import gantt, rules
from .choices import DayKind, RaisedBy, RectificationSource, WorkCategory
from .models import (
    CalendarDay,
    DailyLog,
    DailyLogEntry,
    Milestone,
    Notice,
    Rectification,
    Report,
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
    slack: int | None  # working days to spare (negative: late); None: nothing left to lose
    overdue: bool


def compound_schedule(*, compound, calendar=None, today=None) -> dict:
    """Return a compound's milestones planned backwards from its plan's deadline.

    Each row has the latest start and finish, its state, its slack in working days (from today
    to the latest date it may start or finish, ``rules.milestone_slack``; None in a compound
    completed or accepted) and whether it is overdue (``rules.overdue_after``, the rule the
    stored figures follow).
    ``shortfall`` is the number of working days missing when the steps cannot fit between the
    compound's start (or today, when it has not started) and the deadline.
    """
    calendar = calendar or working_calendar()
    today = today or clock.today()
    milestones = sorted(compound.milestones.all(), key=lambda m: (m.order, m.pk))
    deadline = compound.plan.target_completion_date
    schedule = rules.reverse_schedule(
        [(m, m.duration) for m in milestones],
        deadline=deadline,
        calendar=calendar,
        earliest_start=compound.started_on or today,
    )
    finished = register_rules.is_completed(compound.status)
    rows = []
    for step in schedule.steps:
        m = step.key
        dates = {
            "latest_start": step.latest_start,
            "latest_finish": step.latest_finish,
            "actual_start": m.actual_start,
            "actual_finish": m.actual_finish,
            "compound_completed": finished,
        }
        state = "done" if m.actual_finish else "in_progress" if m.actual_start else "not_started"
        slack = rules.milestone_slack(today=today, calendar=calendar, **dates)
        overdue = rules.milestone_overdue(overdue_after=rules.overdue_after(**dates), today=today)
        rows.append(MilestoneRow(m, step.latest_start, step.latest_finish, state, slack, overdue))
    chart = gantt.chart(
        [
            gantt.Step(
                key=row, planned_start=row.milestone.planned_start,
                planned_finish=row.milestone.planned_finish, latest_start=row.latest_start,
                latest_finish=row.latest_finish, actual_start=row.milestone.actual_start,
                actual_finish=row.milestone.actual_finish, slack=row.slack, overdue=row.overdue,
            )
            for row in rows
        ],
        today=today, deadline=deadline, calendar=calendar,
    )  # fmt: skip
    return {
        "rows": rows,
        "deadline": deadline,
        "shortfall": schedule.shortfall,
        "chart": chart,
        "tight_slack": gantt.TIGHT_SLACK,
    }


class WallStep(NamedTuple):
    """A milestone as the wall chart reads it."""

    pk: int
    order: int
    name: str
    planned_start: datetime.date | None
    planned_finish: datetime.date | None
    latest_start: datetime.date | None
    latest_finish: datetime.date | None
    actual_start: datetime.date | None
    actual_finish: datetime.date | None
    overdue_after: datetime.date | None


def programme_chart(*, compounds: QuerySet, today=None, calendar=None) -> gantt.Programme:
    """The wall chart (挂图作战) of ``compounds`` (filtered and scoped by the caller): a line
    per compound with its milestones, from the stored backward plan of each (refreshed on every
    write, figures.refresh_schedules), sorted by risk. Two queries, however many compounds."""
    calendar = calendar or working_calendar()
    today = today or clock.today()
    compounds = list(
        compounds.select_related("plan")
        # what the chart shows of a compound (its phones, parsed on every load, are not)
        .only("pk", "name", "status", "person_in_charge", "plan__target_completion_date")
    )
    # The milestones as plain rows (a wall of 300 compounds has 1,200 of them; model instances
    # were a third of the page's time), each compound's in order.
    milestones = defaultdict(list)
    rows = (
        Milestone.objects.filter(compound__in=[c.pk for c in compounds])
        .order_by("compound_id", "order", "pk")
        .values_list("compound_id", *WallStep._fields)
    )
    for compound_id, *values in rows:
        milestones[compound_id].append(WallStep(*values))
    lines = []
    for compound in compounds:
        finished = register_rules.is_completed(compound.status)
        steps = []
        for m in milestones[compound.pk]:
            slack = (
                rules.milestone_slack(
                    today=today, latest_start=m.latest_start, latest_finish=m.latest_finish,
                    actual_start=m.actual_start, actual_finish=m.actual_finish,
                    calendar=calendar, compound_completed=finished,
                )
                if m.latest_start and m.latest_finish
                else None
            )  # fmt: skip
            steps.append(
                gantt.Step(
                    key=m, planned_start=m.planned_start, planned_finish=m.planned_finish,
                    latest_start=m.latest_start, latest_finish=m.latest_finish,
                    actual_start=m.actual_start, actual_finish=m.actual_finish, slack=slack,
                    overdue=rules.milestone_overdue(overdue_after=m.overdue_after, today=today),
                )
            )  # fmt: skip
        lines.append((compound, compound.name, steps, finished))
    deadlines = {compound.plan.target_completion_date for compound in compounds}
    return gantt.programme(
        lines, today=today, deadline=deadlines.pop() if len(deadlines) == 1 else None,
        calendar=calendar,
    )  # fmt: skip


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


def work_item_done(*, work_items, exclude_log=None) -> dict[int, dict]:
    """Return, per work item, the quantity and area its log entries add up to (one query)."""
    entries = DailyLogEntry.objects.filter(work_item__in=work_items)
    if exclude_log is not None:
        entries = entries.exclude(log=exclude_log)
    rows = entries.values("work_item").annotate(quantity=Sum("quantity"), area=Sum("area"))
    return {row["work_item"]: row for row in rows}


def work_item_totals(*, compound, exclude_log=None) -> dict[int, Decimal]:
    """Return each work item's quantity done so far, from its entries (one query)."""
    done = work_item_done(work_items=compound.work_items.all(), exclude_log=exclude_log)
    return {pk: row["quantity"] for pk, row in done.items()}


def meeting_list(*, user) -> QuerySet:
    return scoped(WeeklyMeeting.objects.select_related("street"), user).order_by("-date", "pk")


def rectification_list(*, user) -> QuerySet:
    return scoped(
        Rectification.objects.select_related("compound__community", "meeting", "origin_type"),
        user,
    ).order_by("deadline", "pk")


def rectification_counts(queryset, *, today, by=()) -> QuerySet:
    """The unresolved problems of ``queryset`` counted per ``by`` fields, source and level:
    total, overdue, and open up to a week, up to a month, longer. One query, on the partial
    index of the unresolved problems."""
    week = today - datetime.timedelta(days=7)
    month = today - datetime.timedelta(days=30)
    # The ages as instants (local midnights), not dates: no time zone conversion per row.
    after_week, after_month = (
        timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                      datetime.time.min))
        for day in (week, month)
    )  # fmt: skip
    # Counting a column of that index (not the key) lets the database read the index alone.
    return (
        queryset.filter(status__in=sorted(rules.UNRESOLVED))
        .order_by()
        .values(*by, "source", "level")
        .annotate(
            total=Count("source"),
            overdue=Count("source", filter=Q(deadline__lt=today)),
            week=Count("source", filter=Q(created__gte=after_week)),
            month=Count("source", filter=Q(created__lt=after_week, created__gte=after_month)),
            older=Count("source", filter=Q(created__lt=after_month)),
        )
    )


AGES = ("total", "overdue", "week", "month", "older")


def rectification_summary(*, queryset) -> dict:
    """Count the unresolved problems of ``queryset`` by source and by level: how many, how
    many overdue, and how long they have been open (up to a week, up to a month, longer). One
    query, whatever the size of the register."""
    rows = rectification_counts(queryset, today=clock.today())
    by_source: dict = {}
    by_level: dict = {}
    for row in rows:
        for folded, key in ((by_source, "source"), (by_level, "level")):
            into = folded.setdefault(row[key], {key: row[key], **dict.fromkeys(AGES, 0)})
            for name in AGES:
                into[name] += row.get(name, 0)
    source_labels = dict(RectificationSource.choices)
    level_labels = dict(RaisedBy.choices)
    return {
        "by_source": [
            {**by_source[value], "value": value, "label": source_labels[value]}
            for value in RectificationSource.values
            if value in by_source
        ],
        "by_level": [
            {**by_level[value], "value": value, "label": level_labels[value]}
            for value in RaisedBy.values
            if value in by_level
        ],
        "total": sum(row["total"] for row in by_source.values()),
        "overdue": sum(row["overdue"] for row in by_source.values()),
        "ages": {
            age: sum(row[age] for row in by_source.values()) for age in ("week", "month", "older")
        },
    }


def rectification_origin(rectification) -> dict | None:
    """Return the record that raised a problem, as a label and a link (None when it came from
    no record: raised at a meeting, or by hand)."""
    origin = rectification.origin if rectification.origin_type_id else None
    if origin is None:
        return None
    url = origin.get_absolute_url() if hasattr(origin, "get_absolute_url") else ""
    return {
        "kind": origin._meta.verbose_name,
        "label": str(origin),
        "url": url,
    }


def rectification_detail(*, rectification) -> dict:
    """Return what a problem's page shows besides the problem: the record that raised it, how
    long it has been open, and its history."""
    today = clock.today()
    opened = timezone.localdate(rectification.created)
    ended = rectification.closed_on or today
    return {
        "origin": rectification_origin(rectification),
        "age_days": (ended - opened).days,
        "changes": record_changes(rectification, excluded=("updated",)),
    }


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


def report_figures(
    *, street, start: datetime.date, end: datetime.date, calendar=None, user=None
) -> dict:
    """Return what a street's report for ``start``..``end`` says, computed from the records
    of the compounds in the user's scope (every compound of the street for ``user`` None, the
    system building the stored file).

    Per plan: compounds, started and completed by the end, start rate. Per compound: progress
    at the start and at the end of the period (from the log entries up to each day). Per
    category: quantity and area done in the period and in all. Problems opened, resolved and
    still open; milestones overdue at the end.
    """
    compounds = list(
        scoped(Compound.objects.filter(community__street=street), user)
        .select_related("plan", "community")
        .prefetch_related("milestones")
        .order_by("plan__year", "community__name", "name")
    )
    plans = {}
    for c in compounds:
        row = plans.setdefault(c.plan_id, {"plan": c.plan, "compounds": 0, "started": 0,
                                           "completed": 0})  # fmt: skip
        row["compounds"] += 1
        row["started"] += bool(c.started_on and c.started_on <= end)
        row["completed"] += bool(c.completed_on and c.completed_on <= end)
    for row in plans.values():
        row["start_rate"] = register_rules.start_rate(row["started"], row["compounds"])

    items = list(WorkItem.objects.filter(compound__in=compounds))
    done = {
        row["work_item"]: row
        for row in DailyLogEntry.objects.filter(work_item__in=items, log__date__lte=end)
        .values("work_item")
        .annotate(
            before=Sum("quantity", filter=Q(log__date__lt=start)),
            total=Sum("quantity"),
            area_before=Sum("area", filter=Q(log__date__lt=start)),
            area_total=Sum("area"),
        )
    }
    by_compound: dict[int, list] = {}
    categories: dict[str, dict] = {}
    for item in items:
        row = done.get(item.pk, {})
        before, total = row.get("before") or Decimal(0), row.get("total") or Decimal(0)
        by_compound.setdefault(item.compound_id, []).append((item, before, total))
        cat = categories.setdefault(
            item.category,
            {"label": item.get_category_display(), "unit": item.get_unit_display(),
             "unit_code": item.unit,
             "period": Decimal(0), "total": Decimal(0), "planned": Decimal(0),
             "area_period": Decimal(0), "area_total": Decimal(0)},
        )  # fmt: skip
        cat["period"] += total - before
        cat["total"] += total
        cat["planned"] += item.planned_quantity
        cat["area_period"] += (row.get("area_total") or 0) - (row.get("area_before") or 0)
        cat["area_total"] += row.get("area_total") or 0
    progress_rows = []
    for c in compounds:
        rows = by_compound.get(c.pk)
        if not rows:
            continue
        at_start = rules.weighted_progress(
            (rules.item_progress(b, i.planned_quantity), i.weight) for i, b, _t in rows
        )
        at_end = rules.weighted_progress(
            (rules.item_progress(t, i.planned_quantity), i.weight) for i, _b, t in rows
        )
        progress_rows.append({"compound": c, "start": at_start, "end": at_end})

    problems = Rectification.objects.filter(compound__in=compounds)
    calendar = calendar or working_calendar()
    overdue = []
    for c in compounds:
        if not c.milestones.all():
            continue
        for row in compound_schedule(compound=c, calendar=calendar, today=end)["rows"]:
            if row.overdue:
                overdue.append({"compound": c, "row": row})
    return {
        "street": street,
        "start": start,
        "end": end,
        "plans": list(plans.values()),
        "progress": progress_rows,
        "categories": sorted(categories.values(), key=lambda r: r["label"]),
        "problems_opened": problems.filter(created__date__range=(start, end)).count(),
        "problems_closed": problems.filter(closed_on__range=(start, end)).count(),
        "problems_open_at_end": problems.filter(created__date__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .count(),
        "overdue_milestones": overdue,
    }


def report_list(*, user) -> QuerySet:
    return scoped(Report.objects.select_related("street"), user).order_by("-period_start", "kind")


def unread_notices(*, user) -> QuerySet:
    return Notice.objects.filter(user=user, read_at__isnull=True)


def acceptance_unresolved_problems(compound) -> list[str]:
    """For acceptance (compounds.acceptance): the problems of the compound still open."""
    unresolved = Rectification.objects.filter(compound=compound, status__in=rules.UNRESOLVED)
    count = unresolved.count()
    if not count:
        return []
    return [
        ngettext(
            "%(count)d problem in its register is not closed: it must be fixed and verified "
            "by the level that raised it.",
            "%(count)d problems in its register are not closed: they must be fixed and "
            "verified by the levels that raised them.",
            count,
        )
        % {"count": count}
    ]


LATE_LIST_LENGTH = 10


def progress_figures(
    *,
    selection: Selection,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    calendar=None,
    counted: dict | None = None,
) -> dict:
    """Return the progress figures of the dashboard from the stored figures, in a fixed number
    of queries whatever the number of compounds or log entries: the compounds late to start
    (the longest late first), the overdue milestones, the demolition done, and the open
    problems by source and level (raised in the period, when one is given).

    ``counted`` brings what the caller has already added up (the dashboard's summary rows):
    "demolition", "overdue_milestones", "compounds_with_overdue_milestones", "problems"; only
    the rest is read here."""
    counted = counted or {}
    calendar = calendar or working_calendar()
    late = [
        {
            "compound": compound,
            "latest_start": compound.latest_start,
            "days_late": calendar.signed_count(compound.latest_start, today),
        }
        for compound in selection.compounds()
        .filter(late_to_start_q(today))
        .select_related("community")
        .order_by("latest_start", "name", "pk")[:LATE_LIST_LENGTH]
    ]
    figures = {"late_to_start": late, **counted}
    if "overdue_milestones" not in counted:
        overdue = selection.filter(Milestone.objects.filter(overdue_after__lt=today)).aggregate(
            milestones=Count("pk"), compounds=Count("compound", distinct=True)
        )
        figures["overdue_milestones"] = overdue["milestones"]
        figures["compounds_with_overdue_milestones"] = overdue["compounds"]
    if "demolition" not in counted:
        demolition = selection.filter(
            WorkItem.objects.filter(category=WorkCategory.DEMOLITION)
        ).aggregate(
            items=Count("pk"),
            planned=Sum("planned_quantity"),
            done=Sum("done_quantity"),
            area=Sum("done_area"),
        )
        figures["demolition"] = {key: value or 0 for key, value in demolition.items()}
    if "problems" not in counted:
        problems = selection.filter(Rectification.objects.all())
        if start:
            problems = problems.filter(created__date__gte=start)
        if end:
            problems = problems.filter(created__date__lte=end)
        figures["problems"] = rectification_summary(queryset=problems)
    return figures
