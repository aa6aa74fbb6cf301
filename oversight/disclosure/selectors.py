"""Public disclosure (及时公开相关信息): what anyone may read about the programme's compounds,
without an account.

Every read here names the fields it selects (``values()``, ``only()``) and hands back plain
rows, so a template cannot reach a field that is not public. Left out on purpose:

- the names and phones of the people on a project (the person in charge, the contact person,
  milestone owners): the company that manages a compound is public, its staff are not;
- everything of residents: names, phones, units, the texts of their opinions; of an opinion
  only its topics, its dates and the street's published reply are shown;
- every household record (owners, doors, floor areas, consultation answers).

The detail page is a list of sections (oversight.disclosure.sections); the sections' contexts
built here are registered there.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from common import clock
from common.forms import style_form
from common.rules import percent
from compounds import rules as register_rules
from compounds.choices import CompoundStatus, ManagementMode
from compounds.models import Building, Compound
from compounds.selectors import compound_map_rows
from oversight.consultations import rules as consultation_rules
from oversight.consultations.choices import ElevatorStage
from progress import rules as progress_rules
from progress.choices import Unit, WorkCategory
from progress.models import DailyLogPhoto, Milestone, WorkItem
from progress.selectors import compound_schedule

from ..consultations.models import ElevatorProject, Survey
from ..opinions.choices import TOPIC_CHOICES
from ..opinions.models import Opinion, OpinionTopic
from .filtersets import PublicCompoundFilterSet

PAGE_SIZE = 20
PHOTOS_PER_SIDE = 6
REPLIES_SHOWN = 50

# The public fields of a compound. Never add person_in_charge, contact_person, their phones
# or notes here.
LIST_FIELDS = (
    "pk",
    "name",
    "address",
    "community__name",
    "status",
    "started_on",
    "completed_on",
    "accepted_on",
    "is_demonstration",
)
DETAIL_FIELDS = (
    *LIST_FIELDS,
    "year_built",
    "had_no_manager",
    "management_mode",
    "property_company",
    "yearly_fee_per_household",
    "plan__name",
    "plan__year",
    "plan__target_completion_date",
)
MILESTONE_FIELDS = (
    "pk",
    "compound_id",
    "order",
    "name",
    "duration",
    "planned_start",
    "planned_finish",
    "actual_start",
    "actual_finish",
)  # not the owner: a person's name


# The list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompoundRow:
    """A compound as the public sees it in the list."""

    pk: int
    name: str
    address: str
    community: str
    status: str
    started_on: datetime.date | None
    completed_on: datetime.date | None
    accepted_on: datetime.date | None
    is_demonstration: bool
    progress: Decimal | None

    @property
    def status_label(self) -> str:
        return CompoundStatus(self.status).label

    @property
    def status_date(self) -> datetime.date | None:
        """The day the compound reached its status (None while planned)."""
        return {
            CompoundStatus.STARTED: self.started_on,
            CompoundStatus.COMPLETED: self.completed_on,
            CompoundStatus.ACCEPTED: self.accepted_on,
        }.get(self.status)

    @property
    def percent(self) -> int | None:
        return percent(self.progress)


def _row(values: dict, progress: Decimal | None) -> dict:
    return {
        "pk": values["pk"],
        "name": values["name"],
        "address": values["address"],
        "community": values["community__name"],
        "status": values["status"],
        "started_on": values["started_on"],
        "completed_on": values["completed_on"],
        "accepted_on": values["accepted_on"],
        "is_demonstration": values["is_demonstration"],
        "progress": progress,
    }


def progress_by_compound(compound_ids) -> dict[int, Decimal | None]:
    """Return each compound's weighted progress from its work items, in one query."""
    pairs: dict[int, list] = {}
    rows = WorkItem.objects.filter(compound_id__in=compound_ids).values_list(
        "compound_id", "done_quantity", "planned_quantity", "weight"
    )
    for compound_id, done, planned, weight in rows:
        pairs.setdefault(compound_id, []).append(
            (progress_rules.item_progress(done, planned), weight)
        )
    return {pk: progress_rules.weighted_progress(items) for pk, items in pairs.items()}


def compound_page(params, *, page_size=PAGE_SIZE) -> dict:
    """Return the filter form and one page of the public list for a query string.

    Invalid filters list nothing (the form says why). The query count is fixed: the count,
    the page and the page's work items, whatever the page size.
    """
    filterset = PublicCompoundFilterSet(
        params, queryset=Compound.objects.order_by("community__name", "name", "pk")
    )
    style_form(filterset.form)
    compounds = filterset.qs if filterset.is_valid() else Compound.objects.none()
    page = Paginator(compounds.values(*LIST_FIELDS), page_size).get_page(params.get("page"))
    values = list(page.object_list)
    progress = progress_by_compound([v["pk"] for v in values]) if values else {}
    page.object_list = [CompoundRow(**_row(v, progress.get(v["pk"]))) for v in values]
    query = params.copy()
    query.pop("page", None)
    return {"filterset": filterset, "page": page, "query": query.urlencode()}


def compound_map_rows_public(params):
    """Return the public list's filter set for a query string and, when it is valid, the rows
    of the compounds it lists as compounds.maps reads them (public fields only: the name,
    community, status, progress and location), in one query; None when it is not."""
    filterset = PublicCompoundFilterSet(params, queryset=Compound.objects.order_by("pk"))
    if not filterset.is_valid():
        return filterset, None
    return filterset, compound_map_rows(filterset.qs)


def programme_figures() -> dict:
    """Return the figures of the whole programme the public may read, on the same compounds
    as the public list: how many compounds, how many started (``compounds.rules``) and the
    start rate, and the households of their buildings (each compound page's households, added
    up). Three queries."""
    compounds = Compound.objects.order_by()
    total = compounds.count()
    started = compounds.started().count()
    households = Building.objects.filter(compound__in=compounds).aggregate(
        households=Coalesce(Sum("households"), 0)
    )["households"]
    return {
        "compounds": total,
        "started": started,
        "start_rate": register_rules.start_rate(started, total),
        "households": households,
    }


# The detail ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItemRow:
    category: str
    building: str  # the building's number, or "" for the whole compound
    planned_quantity: Decimal
    done_quantity: Decimal
    unit: str
    planned_area: Decimal | None
    done_area: Decimal
    weight: Decimal
    progress: Decimal

    @property
    def category_label(self) -> str:
        return WorkCategory(self.category).label

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label

    @property
    def percent(self) -> int:
        return percent(self.progress)


@dataclass(frozen=True)
class CompoundDetail(CompoundRow):
    """A compound as the public sees it on its page."""

    year_built: int | None = None
    had_no_manager: bool = False
    management_mode: str = ManagementMode.NONE
    property_company: str = ""
    yearly_fee_per_household: Decimal | None = None
    plan_name: str = ""
    plan_year: int | None = None
    target_completion_date: datetime.date | None = None
    building_count: int = 0
    household_count: int = 0
    total_floor_area: Decimal = Decimal(0)
    work_items: list[WorkItemRow] = field(default_factory=list)

    @property
    def management_label(self) -> str:
        return ManagementMode(self.management_mode).label


def _work_items(compound_id) -> list[WorkItemRow]:
    rows = (
        WorkItem.objects.filter(compound_id=compound_id)
        .order_by("category", "building__number", "pk")
        .values(
            "category", "building__number", "planned_quantity", "done_quantity", "unit",
            "weight", "planned_area", "done_area",
        )
    )  # fmt: skip
    return [
        WorkItemRow(
            category=row["category"],
            building=row["building__number"] or "",
            planned_quantity=row["planned_quantity"],
            done_quantity=row["done_quantity"],
            unit=row["unit"],
            planned_area=row["planned_area"],
            done_area=row["done_area"],
            weight=row["weight"],
            progress=progress_rules.item_progress(row["done_quantity"], row["planned_quantity"]),
        )
        for row in rows
    ]


def compound_detail(pk) -> CompoundDetail | None:
    """Return the public facts of one compound, or None when there is no such compound."""
    values = (
        Compound.objects.with_figures()
        .filter(pk=pk)
        .values(*DETAIL_FIELDS, "building_count", "household_count", "total_floor_area")
        .first()
    )
    if values is None:
        return None
    items = _work_items(pk)
    progress = progress_rules.weighted_progress((item.progress, item.weight) for item in items)
    return CompoundDetail(
        **_row(values, progress),
        year_built=values["year_built"],
        had_no_manager=values["had_no_manager"],
        management_mode=values["management_mode"],
        property_company=values["property_company"],
        yearly_fee_per_household=values["yearly_fee_per_household"],
        plan_name=values["plan__name"],
        plan_year=values["plan__year"],
        target_completion_date=values["plan__target_completion_date"],
        building_count=values["building_count"],
        household_count=values["household_count"],
        total_floor_area=values["total_floor_area"],
        work_items=items,
    )


# Sections of the detail page (registered in oversight.disclosure.sections) --------------------


def work_items_section(compound: CompoundDetail) -> dict | None:
    if not compound.work_items:
        return None
    return {"items": compound.work_items, "percent": compound.percent}


@dataclass(frozen=True)
class MilestoneRow:
    order: int
    name: str
    planned_start: datetime.date
    planned_finish: datetime.date
    actual_start: datetime.date | None
    actual_finish: datetime.date | None
    state: str  # "done", "in_progress" or "not_started"
    late: bool


def schedule_section(compound: CompoundDetail) -> dict | None:
    """The milestones with their planned dates (those of the reverse schedule when the
    planned ones are not set) and their actual dates."""
    model = (
        Compound.objects.filter(pk=compound.pk)
        .select_related("plan")
        .only("pk", "started_on", "plan__target_completion_date")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.only(*MILESTONE_FIELDS))
        )
        .first()
    )
    if model is None or not model.milestones.all():
        return None
    schedule = compound_schedule(compound=model)
    rows = [
        MilestoneRow(
            order=row.milestone.order,
            name=row.milestone.name,
            planned_start=row.milestone.planned_start or row.latest_start,
            planned_finish=row.milestone.planned_finish or row.latest_finish,
            actual_start=row.milestone.actual_start,
            actual_finish=row.milestone.actual_finish,
            state=row.state,
            late=row.overdue,
        )
        for row in schedule["rows"]
    ]
    return {"rows": rows, "deadline": schedule["deadline"]}


def _photo_days(compound_id) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the days of the compound's earliest and latest logs with photos."""
    days = DailyLogPhoto.objects.filter(log__compound_id=compound_id).aggregate(
        first=Min("log__date"), last=Max("log__date")
    )
    return days["first"], days["last"]


def photos_section(compound: CompoundDetail) -> dict | None:
    """Before and after: the site photos of the earliest and the latest logs with photos."""
    first, last = _photo_days(compound.pk)
    if first is None:
        return None
    rows = (
        DailyLogPhoto.objects.filter(log__compound_id=compound.pk, log__date__in={first, last})
        .order_by("log__date", "pk")
        .values_list("pk", "log__date")
    )
    before = [pk for pk, day in rows if day == first][:PHOTOS_PER_SIDE]
    after = [pk for pk, day in rows if day == last and last != first][:PHOTOS_PER_SIDE]
    return {
        "before": {"date": first, "photos": before},
        "after": {"date": last, "photos": after} if after else None,
    }


def public_photo(pk) -> DailyLogPhoto | None:
    """Return a site photo the public may see (one of the photos a compound's page shows:
    those of its earliest and latest logs with photos), else None."""
    photo = (
        DailyLogPhoto.objects.select_related("log")
        .only("pk", "image", "log__compound_id", "log__date")
        .filter(pk=pk)
        .first()
    )
    if photo is None or photo.log.date not in _photo_days(photo.log.compound_id):
        return None
    return photo


@dataclass(frozen=True)
class ElevatorRow:
    building: str
    stage: str
    since: datetime.date | None

    @property
    def stage_label(self) -> str:
        return ElevatorStage(self.stage).label

    @property
    def step(self) -> int:
        return consultation_rules.stage_index(self.stage) + 1

    @property
    def steps(self) -> int:
        return len(consultation_rules.STAGE_ORDER)


def elevators_section(compound: CompoundDetail) -> dict | None:
    """The elevator addition of each building: its stage and the day it was reached (no
    household, answer or tally)."""
    date_fields = list(dict.fromkeys(consultation_rules.STAGE_DATES.values()))
    rows = (
        ElevatorProject.objects.filter(building__compound_id=compound.pk)
        .order_by("building__number", "pk")
        .values("building__number", "stage", *date_fields)
    )
    elevators = [
        ElevatorRow(
            building=row["building__number"],
            stage=row["stage"],
            since=row[consultation_rules.STAGE_DATES[row["stage"]]],
        )
        for row in rows
    ]
    return {"elevators": elevators} if elevators else None


def visible_opinions(compound_id):
    """The compound's opinions that count in public: not hidden by moderation, not merged
    into another (a duplicate is counted with the one it joined)."""
    return Opinion.objects.filter(compound_id=compound_id, hidden=False, merged_into__isnull=True)


@dataclass(frozen=True)
class ReplyRow:
    received_on: datetime.date
    replied_on: datetime.date | None
    topics: list[str]
    reply: str


def _local_date(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def opinions_section(compound: CompoundDetail) -> dict | None:
    """Opinion counts by topic, and the street's published replies: for each, the dates, the
    topics and the reply; never who asked, from where, or what they wrote."""
    labels = {value: str(label) for value, label in TOPIC_CHOICES}
    order = {value: index for index, (value, _label) in enumerate(TOPIC_CHOICES)}
    visible = visible_opinions(compound.pk)
    counts = (
        OpinionTopic.objects.filter(opinion__in=visible)
        .values("topic")
        .annotate(opinions=Count("opinion", distinct=True))
    )
    topics = sorted(
        ({"topic": labels.get(row["topic"], row["topic"]), "opinions": row["opinions"],
          "order": order.get(row["topic"], len(order))} for row in counts),
        key=lambda row: (-row["opinions"], row["order"]),
    )  # fmt: skip
    total = visible.count()
    published = list(
        visible.filter(reply_published=True)
        .exclude(reply="")
        .order_by("-replied_at", "-pk")
        .values("pk", "received_at", "replied_at", "reply")[:REPLIES_SHOWN]
    )
    topics_of: dict[int, list[str]] = {}
    for opinion_id, topic in (
        OpinionTopic.objects.filter(opinion_id__in=[row["pk"] for row in published])
        .order_by("opinion_id", "topic")
        .values_list("opinion_id", "topic")
    ):
        topics_of.setdefault(opinion_id, []).append(labels.get(topic, topic))
    replies = [
        ReplyRow(
            received_on=_local_date(row["received_at"]),
            replied_on=_local_date(row["replied_at"]),
            topics=topics_of.get(row["pk"], []),
            reply=row["reply"],
        )
        for row in published
    ]
    if not total and not replies:
        return None
    return {"total": total, "topics": topics, "replies": replies}


def surveys_section(compound: CompoundDetail) -> dict | None:
    """The compound's surveys: title and dates; each links to its page, where households
    answer while it is open and everyone reads the counts once it is over."""
    today = clock.today()
    surveys = [
        {**row, "state": "open" if row["opens_on"] <= today <= row["closes_on"]
         else ("over" if row["closes_on"] < today else "soon")}
        for row in Survey.objects.filter(compound_id=compound.pk)
        .order_by("-opens_on", "pk")
        .values("pk", "title", "opens_on", "closes_on")
    ]  # fmt: skip
    return {"surveys": surveys} if surveys else None
