"""Reads of the register, always scoped to the user who asks."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.names import person_name
from common.reasons import translated_reason
from common.rules import percent

from . import rules
from .choices import CompoundStatus
from .models import Assignment, Building, Community, Compound, RenovationPlan, Street
from .roles import CITY_WIDE_ROLES


class Level(IntEnum):
    """How wide a user's view is, from nothing to every street."""

    NONE = 0
    COMPOUND = 1
    COMMUNITY = 2
    STREET = 3
    EVERYTHING = 4


@dataclass(frozen=True)
class Scope:
    """The part of the register a user works in, with the ids above their level resolved."""

    level: Level
    street_id: int | None = None
    community_id: int | None = None
    compound_id: int | None = None

    def covers(self, *, street_id, community_id=None, compound_id=None) -> bool:
        """Return whether an object at these ids lies inside the scope.

        Ids the object does not have (a plan has no community) are None and are not compared:
        such an object is matched at the finest level it has.
        """
        if self.level == Level.EVERYTHING:
            return True
        if self.level == Level.NONE:
            return False
        if self.level == Level.COMPOUND and compound_id is not None:
            return compound_id == self.compound_id
        if self.level <= Level.COMMUNITY and community_id is not None:
            return community_id == self.community_id
        return street_id == self.street_id

    def q(self, *, street: str, community: str | None = None, compound: str | None = None) -> Q:
        """Return a filter for a model whose ids sit at these lookups, mirroring covers()."""
        if self.level == Level.EVERYTHING:
            return Q()
        if self.level == Level.NONE:
            return Q(pk__in=[])
        if self.level == Level.COMPOUND and compound is not None:
            return Q(**{compound: self.compound_id})
        if self.level <= Level.COMMUNITY and community is not None:
            return Q(**{community: self.community_id})
        return Q(**{street: self.street_id})


def scope_for(user) -> Scope:
    """Return the user's scope: every street for inspectors and administrators, else their
    assignment's street, community or compound, else nothing. Cached on the user object.

    ``None`` stands for the system itself (management commands, tasks) and sees everything.
    """
    if user is None:
        return Scope(Level.EVERYTHING)
    cached = getattr(user, "_renovation_scope", None)
    if cached is not None:
        return cached
    scope = _resolve_scope(user)
    if user.is_authenticated:
        user._renovation_scope = scope
    return scope


def _resolve_scope(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(Level.NONE)
    if user.is_superuser or user.groups.filter(name__in=CITY_WIDE_ROLES).exists():
        return Scope(Level.EVERYTHING)
    assignment = (
        Assignment.objects.select_related("community", "compound__community")
        .filter(user=user)
        .first()
    )
    if assignment is None:
        return Scope(Level.NONE)
    if assignment.compound_id:
        compound = assignment.compound
        return Scope(
            Level.COMPOUND,
            street_id=compound.community.street_id,
            community_id=compound.community_id,
            compound_id=compound.pk,
        )
    if assignment.community_id:
        return Scope(
            Level.COMMUNITY,
            street_id=assignment.community.street_id,
            community_id=assignment.community_id,
        )
    return Scope(Level.STREET, street_id=assignment.street_id)


# Lookups of models whose scope is their compound's (buildings, and other apps' records).
COMPOUND_SCOPED = {
    "street": "compound__community__street_id",
    "community": "compound__community_id",
    "compound": "compound_id",
}


# One set of lookups per model, used both to filter querysets and to check single objects.
LOOKUPS = {
    Street: {"street": "pk"},
    Community: {"street": "street_id", "community": "pk"},
    RenovationPlan: {"street": "street_id"},
    Compound: {"street": "community__street_id", "community": "community_id", "compound": "pk"},
    Building: COMPOUND_SCOPED,
}


def register_scope(model, lookups=None) -> None:
    """Make ``model`` scoped like the register: by default, through its ``compound`` field."""
    LOOKUPS[model] = lookups or COMPOUND_SCOPED


def in_scope(user, obj) -> bool:
    """Return whether ``obj`` (a register object) lies inside the user's scope."""
    lookups = LOOKUPS[type(obj)]
    ids = {}
    for level, path in lookups.items():
        value = obj
        for part in path.split("__"):
            value = getattr(value, part)
        ids[f"{level}_id"] = value
    return scope_for(user).covers(**ids)


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Return ``queryset`` narrowed to what the user's scope covers."""
    return queryset.filter(scope_for(user).q(**LOOKUPS[queryset.model]))


def account_choices(*, user) -> QuerySet:
    """Return the accounts a user may name: their own and those assigned inside their scope
    (its street, communities or compounds); every account for a city-wide user."""
    accounts = get_user_model().objects.all()
    if scope_for(user).level == Level.EVERYTHING:
        return accounts
    inside = (
        Q(assignment__street__in=street_list(user=user))
        | Q(assignment__community__in=community_list(user=user))
        | Q(assignment__compound__in=scoped(Compound.objects.all(), user))
    )
    if user is not None and user.is_authenticated:
        inside |= Q(pk=user.pk)
    return accounts.filter(inside)


def choices_in_scope(queryset: QuerySet, user) -> QuerySet | None:
    """Narrow a choice's records to the user's scope (common.scoping's narrower): the
    register's and every scoped model's (LOOKUPS), and the accounts; None for other models."""
    if queryset.model in LOOKUPS:
        return scoped(queryset, user)
    if queryset.model is get_user_model():
        return queryset.filter(pk__in=account_choices(user=user).values("pk"))
    return None


def street_list(*, user) -> QuerySet:
    return scoped(Street.objects.all(), user)


def community_list(*, user) -> QuerySet:
    return scoped(Community.objects.select_related("street"), user)


def plan_list(*, user) -> QuerySet:
    return scoped(RenovationPlan.objects.select_related("street"), user)


def compound_list(*, user) -> QuerySet:
    return scoped(
        Compound.objects.select_related("community", "plan").with_figures(), user
    ).order_by(*Compound._meta.ordering, "pk")


def compound_scope(*, user) -> QuerySet:
    """Return the compounds a user may see, without the figures' aggregates (the buildings'
    counts and sums): the base of the pages that draw many compounds and show none of those
    figures (the map, the GeoJSON, the wall chart), filtered by the compounds' FilterSet."""
    return scoped(Compound.objects.all(), user).order_by("pk")


def compound_map_rows(queryset: QuerySet) -> list[tuple]:
    """Return a row per compound of ``queryset`` as compounds.maps reads them (maps.ROW), in one
    query."""
    return list(
        queryset.values_list(
            "pk", "name", "community__name", "status", "latest_start", "progress", "latitude",
            "longitude",
        )
    )  # fmt: skip


def compound_choices(*, user) -> QuerySet:
    """Return the compounds a user may pick from, without the figures (for choice lists)."""
    return scoped(Compound.objects.only("pk", "name"), user).order_by("name", "pk")


def building_list(*, user) -> QuerySet:
    return scoped(Building.objects.select_related("compound"), user).order_by(
        "compound__name", "number", "pk"
    )


def compound_buildings(*, compound) -> QuerySet:
    return compound.buildings.order_by("number", "pk")


def plan_default(*, user) -> RenovationPlan | None:
    """Return the plan a user most likely means: the newest in their scope."""
    return plan_list(user=user).order_by("-year", "pk").first()


CENT = Decimal("0.01")


def plan_summary(*, plan: RenovationPlan, user) -> dict:
    """Return a plan's figures for the dashboard, the way the street reports them.

    Counts come from the compounds' statuses and the buildings' records inside the user's scope,
    in three queries whatever the number of compounds.
    """
    compounds = scoped(Compound.objects.filter(plan=plan), user)
    started = Q(status__in=rules.STARTED_STATUSES)
    completed = Q(status__in=rules.COMPLETED_STATUSES)
    by_community = {
        row["community"]: row
        for row in compounds.values("community", "community__name")
        .annotate(
            compounds=Count("pk"),
            started=Count("pk", filter=started),
            completed=Count("pk", filter=completed),
            unmanaged_before=Count("pk", filter=Q(had_no_manager=True)),
        )
        .order_by("community__name")
    }
    building_rows = (
        Building.objects.filter(compound__in=compounds)
        .values("compound__community")
        .annotate(
            buildings=Count("pk"),
            households=Coalesce(Sum("households"), 0),
            floor_area=Sum("floor_area"),
        )
    )
    for row in by_community.values():
        row.update(buildings=0, households=0, floor_area=Decimal("0.00"))
    for row in building_rows:
        by_community[row["compound__community"]].update(
            buildings=row["buildings"],
            households=row["households"],
            floor_area=Decimal(row["floor_area"] or 0).quantize(CENT),
        )
    rows = []
    for row in by_community.values():
        rows.append(
            {
                "param": "community",
                "id": row["community"],
                "name": row["community__name"],
                "community_id": row["community"],
                "community": row["community__name"],
                "compounds": row["compounds"],
                "started": row["started"],
                "not_started": row["compounds"] - row["started"],
                "completed": row["completed"],
                "start_rate": rules.start_rate(row["started"], row["compounds"]),
                "buildings": row["buildings"],
                "households": row["households"],
                "floor_area": row["floor_area"],
            }
        )
    total = table_total(rows, keys=PLAN_TABLE_KEYS)
    total["unmanaged_before"] = sum(r["unmanaged_before"] for r in by_community.values())
    return {"plan": plan, "total": total, "communities": rows}


@dataclass(frozen=True)
class Selection:
    """The part of the register a set of figures covers: the user's scope, narrowed by plan,
    street and community (None: not narrowed). ``filter`` applies it to any scoped model,
    through the lookup ``path`` that leads from the model to its compound."""

    user: object
    plan_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None

    def filter(self, queryset: QuerySet, path: str = "compound__") -> QuerySet:
        queryset = scoped(queryset, self.user)
        if self.plan_id:
            queryset = queryset.filter(**{f"{path}plan_id": self.plan_id})
        if self.street_id:
            queryset = queryset.filter(**{f"{path}community__street_id": self.street_id})
        if self.community_id:
            queryset = queryset.filter(**{f"{path}community_id": self.community_id})
        return queryset

    def compounds(self) -> QuerySet:
        return self.filter(Compound.objects.all(), path="")


def progress_band_q(key: str) -> Q:
    """Return the filter of a band of rules.PROGRESS_BANDS, on compounds."""
    for band, _label, above, up_to in rules.PROGRESS_BANDS:
        if band != key:
            continue
        if band == "none":
            return Q(progress__isnull=True)
        q = Q(progress__isnull=False)
        if above is not None:
            q &= Q(progress__gt=above)
        if up_to is not None:
            q &= Q(progress__lte=up_to)
        return q
    raise ValueError(key)


def late_to_start_q(today: datetime.date) -> Q:
    """Compounds still planned whose first milestone's latest start has passed (the schedule,
    planned backwards from the deadline, says they should have started)."""
    return Q(status=CompoundStatus.PLANNED, latest_start__lt=today)


def register_figures(
    *,
    selection: Selection,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict:
    """Return the register's figures of the dashboard, in three queries whatever the number
    of compounds: per community the compounds, started, completed, late to start, the spread
    of progress and the starts in the period; buildings, households and floor area; and the
    starts per month (within the period, when one is given)."""
    compounds = selection.compounds().order_by()
    period = started_between_q(start, end)
    bands = {
        f"band_{key}": Count("pk", filter=progress_band_q(key)) for key, *_ in rules.PROGRESS_BANDS
    }
    rows = list(
        compounds.values("community", "community__name")
        .annotate(
            compounds=Count("pk"),
            started=Count("pk", filter=Q(status__in=rules.STARTED_STATUSES)),
            completed=Count("pk", filter=Q(status__in=rules.COMPLETED_STATUSES)),
            late=Count("pk", filter=late_to_start_q(today)),
            started_in_period=Count("pk", filter=period),
            **bands,
        )
        .order_by("community__name", "community")
    )
    buildings = {
        row["compound__community"]: row
        for row in selection.filter(Building.objects.all())
        .order_by()
        .values("compound__community")
        .annotate(
            buildings=Count("pk"),
            households=Coalesce(Sum("households"), 0),
            floor_area=Sum("floor_area"),
        )
    }
    communities = []
    for row in rows:
        built = buildings.get(row["community"], {})
        communities.append(
            {
                "param": "community",
                "id": row["community"],
                "name": row["community__name"],
                "community_id": row["community"],
                "community": row["community__name"],
                "compounds": row["compounds"],
                "started": row["started"],
                "not_started": row["compounds"] - row["started"],
                "completed": row["completed"],
                "late": row["late"],
                "started_in_period": row["started_in_period"],
                "start_rate": rules.start_rate(row["started"], row["compounds"]),
                "buildings": built.get("buildings", 0),
                "households": built.get("households", 0),
                "floor_area": Decimal(built.get("floor_area") or 0).quantize(CENT),
                "bands": {key: row[f"band_{key}"] for key, *_ in rules.PROGRESS_BANDS},
            }
        )
    return {
        "total": table_total(communities),
        "communities": communities,
        "progress_bands": band_rows(
            {key: sum(row["bands"][key] for row in communities) for key, *_ in rules.PROGRESS_BANDS}
        ),
        "starts_by_month": starts_by_month(compounds.filter(period)),
    }


# The columns of the register's tables (a row per community or street) that add up.
TABLE_KEYS = ("compounds", "started", "not_started", "completed", "late", "started_in_period",
              "buildings", "households", "floor_area")  # fmt: skip
PLAN_TABLE_KEYS = ("compounds", "started", "not_started", "completed", "buildings", "households",
                   "floor_area")  # fmt: skip


def table_total(rows, keys=TABLE_KEYS) -> dict:
    """Return the total row of a register table: each column summed, and the start and
    completion rates of the sums (not of the rows' rates)."""
    total = {key: sum((row[key] for row in rows), start=0) for key in keys}
    total["floor_area"] = Decimal(total["floor_area"]).quantize(CENT)
    total["start_rate"] = rules.start_rate(total["started"], total["compounds"])
    total["completion_rate"] = percent(rules.rate(total["completed"], total["compounds"]))
    return total


def band_rows(counts: dict) -> list[dict]:
    """The spread of progress as the dashboard shows it, from {band key: compounds}."""
    return [
        {"key": key, "label": str(label), "count": counts.get(key, 0)}
        for key, label, *_ in rules.PROGRESS_BANDS
    ]


def started_between_q(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Compounds started in the period (started at all, when it has no bounds)."""
    period = Q(started_on__isnull=False)
    if start:
        period &= Q(started_on__gte=start)
    if end:
        period &= Q(started_on__lte=end)
    return period


def starts_by_month(compounds: QuerySet) -> list[dict]:
    """How many of ``compounds`` started each month (one query). Counted per day, which reads
    the index on the start dates alone, and added up per month here."""
    months = Counter()
    days = (
        compounds.filter(started_on__isnull=False)
        .order_by()
        .values_list("started_on")
        .annotate(count=Count("*"))
    )
    for day, count in days:
        months[day.replace(day=1)] += count
    return [{"month": month, "count": months[month]} for month in sorted(months)]


def display_value(field, value):
    """Return a stored value of ``field`` as a page shows it in a record's history."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return value
        if isinstance(related, AbstractBaseUser):  # a user: their name, not their login
            return person_name(related)
        return str(related)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def staff_covering(compound, *, perm: str, obj=None) -> list:
    """Return the active users assigned to ``compound``, its community or its street who hold
    ``perm`` (on ``obj`` when given): whom to tell about something of the compound."""
    assignments = Assignment.objects.select_related("user").filter(
        Q(compound=compound.pk)
        | Q(community=compound.community_id)
        | Q(street=compound.community.street_id)
    )
    users = {a.user for a in assignments if a.user.is_active}
    return sorted((user for user in users if user.has_perm(perm, obj)), key=lambda user: user.pk)


def record_changes(obj, *, limit: int = 20, excluded=(), display=None) -> list[dict]:
    """Return the newest changes of any record with history: who, when, why, and each
    field's old and new value (shown by ``display(field, value)``), newest first. Fields in
    ``excluded`` are bookkeeping and left out. The admin has the full history."""
    display = display or display_value
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    changes = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        fields = []
        if previous is not None:
            for change in record.diff_against(previous, excluded_fields=set(excluded)).changes:
                field = model._meta.get_field(change.field)
                fields.append(
                    {
                        "label": field.verbose_name,
                        "old": display(field, change.old),
                        "new": display(field, change.new),
                    }
                )
        changes.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": translated_reason(record.history_change_reason),
                "fields": fields,
            }
        )
    return changes


def compound_changes(*, compound: Compound, limit: int = 20) -> list[dict]:
    """Return the newest changes of a compound, for its page."""
    return record_changes(compound, limit=limit)
