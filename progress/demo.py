"""Demo progress of 文化路街道's 2020 plan, built on the register's demo (compounds.demo).

From the articles: 丰产路47号院 has demolished 256 illegal structures, 3,010 m²; pipelines and
stairwell painting go on at the same time; radiators are being fitted in homes; elevators have
space reserved and 4 buildings are applying; the whole project is 50% done. Those figures are
reproduced exactly, by computing the day-by-day logs from them. Everything else here (the other
compounds' work, every date, quantity, name and problem) is INVENTED and plausible.
"""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from compounds.choices import CompoundStatus
from compounds.demo import DEMO_DATA
from compounds.models import Compound, RenovationPlan

from . import rules, selectors
from .choices import RectificationStatus, ReportKind, Unit, WorkCategory
from .models import (
    DailyLog,
    DailyLogEntry,
    Milestone,
    Rectification,
    Report,
    WeeklyMeeting,
    WorkItem,
)
from .services import report_request

D = datetime.date
AS_OF = D(2020, 7, 17)  # INVENTED: the day the demo's logs stop, shortly before the article
LOG_DAYS = 60  # about sixty working days of logs for each compound under construction

# 丰产路47号院, from the article; planned quantities and the heating/elevator units INVENTED.
# (category, planned, unit, planned area m², done, done area): five items of equal weight,
# 100% + 50% + 50% + 50% + 0% = 50% overall.
DEMONSTRATION = [
    (WorkCategory.DEMOLITION, 256, Unit.PLACE, 3010, 256, 3010),
    (WorkCategory.PIPELINES, 1500, Unit.METRE, None, 750, None),
    (WorkCategory.STAIRWELL_PAINTING, 6, Unit.BUILDING, None, 3, None),
    (WorkCategory.HEATING, 1156, Unit.MACHINE, None, 578, None),  # radiators, 4 a household
    (WorkCategory.ELEVATOR, 4, Unit.MACHINE, None, 0, None),  # 4 buildings applying
]

# INVENTED: the work of the other compounds, by turns, and how far each has got.
OTHER_WORK = [
    (WorkCategory.DEMOLITION, 30, Unit.PLACE),
    (WorkCategory.PIPELINES, 800, Unit.METRE),
    (WorkCategory.STAIRWELL_PAINTING, 3, Unit.BUILDING),
    (WorkCategory.ROAD_DRAINAGE, 2500, Unit.SQUARE_METRE),
    (WorkCategory.ACCESS_CCTV, 3, Unit.BUILDING),
    (WorkCategory.GREENING, 600, Unit.SQUARE_METRE),
    (WorkCategory.FACADE, 6000, Unit.SQUARE_METRE),
]
SHARES = [Decimal("0.8"), Decimal("0.6"), Decimal("0.4"), Decimal("0.3")]
# INVENTED: what some compounds add that the national return counts among its effects
# (parking spaces, EV charging points, elderly-care and community service rooms), in whole
# pieces: (every n-th compound, from the k-th, category, planned).
ADDED_SERVICES = [
    (3, 0, WorkCategory.PARKING, 20),
    (4, 1, WorkCategory.EV_CHARGING, 6),
    (5, 2, WorkCategory.ELDERLY_CARE, 1),
    (7, 3, WorkCategory.COMMUNITY_SERVICE, 1),
]

# INVENTED: four milestones planned backwards from the plan's deadline.
MILESTONES = [
    ("拆除违建与清理", 20),
    ("管网入地", 60),
    ("楼道粉刷与外立面", 45),
    ("收尾与验收", 20),
]

# INVENTED: the weekly meetings of June and July 2020 and the problems they chased.
MEETINGS = [D(2020, 6, 22), D(2020, 6, 29), D(2020, 7, 6), D(2020, 7, 13)]
PROBLEMS = [
    # meeting, compound, description, owner, deadline, resolved on, resolution
    (0, "丰产路47号院", "拆违后建筑垃圾未及时清运", "王建军", D(2020, 6, 26), D(2020, 6, 25),
     "协调渣土车夜间清运完毕"),
    (0, "农科路32号院", "施工围挡破损，存在扬尘隐患", "陈静", D(2020, 6, 24), D(2020, 6, 24),
     "已更换围挡并加盖防尘网"),
    (1, "丰产路45号院", "管网开挖影响居民出行", "李秀梅", D(2020, 7, 3), D(2020, 7, 2),
     "铺设临时通道并张贴告示"),
    (1, "经五路26号院", "部分居民不同意楼道粉刷颜色", "张伟", D(2020, 7, 10), None, ""),
    (2, "丰产路47号院", "暖气片入户安装需预约，进度偏慢", "王建军", D(2020, 7, 17), None, ""),
    (3, "政七街3号院", "消防通道被私家车占用", "周强", D(2020, 7, 20), None, ""),
]  # fmt: skip


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """Split a quantity over ``parts`` days, never below zero: whole units where the total is
    whole (the first days take the remainder), else cents rounded down, the last day taking
    the rest."""
    total = Decimal(total)
    if parts <= 0:
        return []
    if total == total.to_integral_value():
        base, extra = divmod(int(total), parts)
        return [Decimal(base + (1 if day < extra else 0)) for day in range(parts)]
    share = (total / parts).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _log_days(calendar, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days[-LOG_DAYS:]


def seed(tally):
    plan = RenovationPlan.objects.filter(street__name="文化路街道", year=2020).first()
    if plan is None:
        return tally
    calendar = selectors.working_calendar()
    for index, compound in enumerate(plan.compounds.order_by("name")):
        if compound.status == CompoundStatus.PLANNED:
            _seed_milestones(tally, compound, calendar)
        else:
            _seed_compound(tally, compound, index, calendar)
    _seed_meetings(tally, plan)
    if not Report.objects.filter(street=plan.street, kind=ReportKind.MONTHLY).exists():
        # Built by Celery once the seed commits (in the web process, with the local settings).
        report_request(street=plan.street, kind=ReportKind.MONTHLY, day=D(2020, 6, 1), user=None)
        tally.created["reports"] = 1
    return tally


def _work_for(compound, index):
    if compound.name == "丰产路47号院":
        return DEMONSTRATION
    finished = compound.status != CompoundStatus.STARTED
    rows = []
    for turn in range(3 + index % 2):
        category, planned, unit = OTHER_WORK[(index + turn) % len(OTHER_WORK)]
        share = Decimal(1) if finished else SHARES[(index + turn) % len(SHARES)]
        rows.append((category, planned, unit, None, Decimal(planned) * share, None))
    for every, first, category, planned in ADDED_SERVICES:
        if index % every == first:
            # A space or a room is counted once it is there: whole pieces only.
            done = Decimal(planned) if finished else Decimal(int(planned * SHARES[index % 4]))
            rows.append((category, planned, Unit.PIECE, None, done, None))
    return rows


def _seed_compound(tally, compound, index, calendar):
    items = []
    for category, planned, unit, area, _done, _done_area in _work_for(compound, index):
        item, _ = tally.get_or_create(
            WorkItem,
            compound=compound,
            building=None,
            category=category,
            defaults={"planned_quantity": planned, "unit": unit, "planned_area": area},
        )
        items.append(item)
    _seed_milestones(tally, compound, calendar)
    if compound.daily_logs.exists():
        return
    _seed_logs(tally, compound, index, items, calendar)


def _seed_milestones(tally, compound, calendar):
    schedule = rules.reverse_schedule(
        [(name, days) for name, days in MILESTONES],
        deadline=compound.plan.target_completion_date,
        calendar=calendar,
    )
    started = compound.started_on or AS_OF
    for order, step in enumerate(schedule.steps, start=1):
        first = order == 1
        first_finish = started + datetime.timedelta(days=40)
        done_first = first and first_finish <= AS_OF
        # Pipelines and stairwell painting go on at the same time once demolition is done.
        under_way = order in (2, 3) and first_finish <= AS_OF
        if compound.status == CompoundStatus.PLANNED:
            actual_start, done_first = None, False
        elif first:
            actual_start = started
        elif under_way and compound.status == CompoundStatus.STARTED:
            actual_start = first_finish + datetime.timedelta(days=1)
        else:
            actual_start = None
        tally.get_or_create(
            Milestone,
            compound=compound,
            order=order,
            defaults={
                "name": step.key,
                "owner": compound.person_in_charge or "—",
                "duration": step.duration,
                "planned_start": step.latest_start,
                "planned_finish": step.latest_finish,
                "actual_start": actual_start,
                "actual_finish": first_finish if done_first else None,
            },
        )


def _seed_logs(tally, compound, index, items, calendar):
    started = compound.started_on
    last = min(compound.completed_on or AS_OF, AS_OF)
    days = _log_days(calendar, started, last)
    logs = [
        DailyLog(
            compound=compound,
            date=day,
            workers=12 + (index * 7 + n) % 20,
            covered=True,
            wet_work=n % 5 != 0,
            vehicle_washing=True,
            hoarding=True,
            safety_patrol=n % 2 == 0,
        )
        for n, day in enumerate(days)
    ]
    bulk_create_with_history(logs, DailyLog, default_change_reason=DEMO_DATA)
    logs = list(compound.daily_logs.order_by("date"))
    tally.created["daily logs"] = tally.created.get("daily logs", 0) + len(logs)
    entries = []
    work = _work_for(compound, index)
    for item, (_c, _p, _u, _a, done, done_area) in zip(items, work, strict=True):
        quantities = _split(Decimal(done), len(logs))
        areas = _split(Decimal(done_area), len(logs)) if done_area else [None] * len(logs)
        for log, quantity, area in zip(logs, quantities, areas, strict=True):
            if quantity or area:
                entries.append(DailyLogEntry(log=log, work_item=item, quantity=quantity, area=area))
        item.done_quantity = Decimal(done)
        item.done_area = Decimal(done_area or 0)
    bulk_create_with_history(entries, DailyLogEntry, default_change_reason=DEMO_DATA)
    bulk_update_with_history(
        items, WorkItem, ["done_quantity", "done_area"], default_change_reason=DEMO_DATA
    )


def _seed_meetings(tally, plan):
    meetings = []
    for number, day in enumerate(MEETINGS, start=1):
        meeting, _ = tally.get_or_create(
            WeeklyMeeting,
            street=plan.street,
            date=day,
            defaults={
                "title": f"老旧小区改造第{number}次周例会",
                "attendees": "街道指挥部、各社区负责人、设计单位、施工单位、监理单位",
                "agenda": "通报上周进度；协调解决施工中的问题；部署本周工作。",
            },
        )
        meetings.append(meeting)
    for meeting_no, name, text, owner, deadline, closed_on, resolution in PROBLEMS:
        compound = Compound.objects.filter(plan=plan, name=name).first()
        if compound is None:
            continue
        problem, created = tally.get_or_create(
            Rectification,
            compound=compound,
            description=text,
            defaults={
                "meeting": meetings[meeting_no],
                "owner": owner,
                "responsible_unit": "施工单位",
                "deadline": deadline,
                "status": RectificationStatus.CLOSED if closed_on else RectificationStatus.OPEN,
                "closed_on": closed_on,
                "resolution": resolution,
            },
        )
        if created:  # raised at its meeting, not on the day the demo is seeded
            raised = timezone.make_aware(
                datetime.datetime.combine(meetings[meeting_no].date, datetime.time(10))
            )
            Rectification.objects.filter(pk=problem.pk).update(created=raised)
