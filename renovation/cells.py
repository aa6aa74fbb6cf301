"""The dashboard's summary rows (renovation.models.DashboardCell): one per plan and community,
holding what the dashboard adds up and what does not change with the day (counts of
compounds, buildings, progress bands, starts per month, demolition, the fund, opinions and
their topics).

A write touches the compounds it changes (``touch``); when its transaction commits, the rows
of those compounds' cells are computed again from the records, in a fixed number of grouped
queries, and the cached dashboards go stale. ``refresh_cells()`` without arguments rebuilds
every row (after a bulk load or an upgrade: ``manage.py refresh_figures``).
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from common import clock
from compounds import rules as register_rules
from compounds.models import Building, Compound
from compounds.selectors import late_to_start_q, progress_band_q
from oversight.models import FundAllocation, FundPayment, Opinion, OpinionTopic
from oversight.opinions.selectors import reply_overdue_q
from progress.choices import WorkCategory
from progress.models import Milestone, Rectification, WorkItem
from progress.selectors import rectification_counts

from . import dashboard_cache
from .models import DashboardCell, band_field, problem_fields, topic_field

logger = logging.getLogger(__name__)

ZERO = Decimal(0)
BATCH = 1000


def _fields(*prefixes, names=()):
    return tuple(
        field.name
        for field in DashboardCell._meta.concrete_fields
        if field.name in names or field.name.startswith(prefixes or ("\0",))
    )


# The figures of a cell by what changes them; a write refreshes only the parts it touches
# (the register's figures always come along: one cheap query).
PART_FIELDS = {
    "buildings": _fields(names=("buildings", "households", "floor_area")),
    "demolition": _fields("demolition_"),
    "funds": _fields("fund_"),
    "opinions": _fields(
        "topic_", names=("opinions_received", "opinions_answered", "opinions_overdue")
    ),  # fmt: skip
    "day": _fields("problems_", "overdue_", names=("milestones_overdue", "milestone_compounds")),
}
PARTS = frozenset(PART_FIELDS)
REGISTER_FIELDS = _fields(
    "band_", names=("street", "as_of", "compounds", "started", "completed", "late")
)


def _keyed(rows, plan="compound__plan", community="compound__community"):
    return ((row[plan], row[community], row) for row in rows)


def cell_figures(compounds, today=None, parts=PARTS) -> dict:
    """Return the figures of every cell holding ``compounds`` (a queryset), keyed by (plan id,
    community id), as of ``today``: the register's always, and those of ``parts`` (all of
    them by default); eleven grouped queries at most, whatever their number."""
    today = today or clock.today()
    cells: dict = {}
    bands = {
        f"band_{key}": Count("pk", filter=progress_band_q(key))
        for key, *_rest in register_rules.PROGRESS_BANDS
    }
    for row in (
        compounds.order_by()
        .values("plan", "community", "community__street")
        .annotate(
            n=Count("pk"),
            started=Count("pk", filter=Q(status__in=register_rules.STARTED_STATUSES)),
            completed=Count("pk", filter=Q(status__in=register_rules.COMPLETED_STATUSES)),
            late=Count("pk", filter=late_to_start_q(today)),
            **bands,
        )
    ):
        cells[(row["plan"], row["community"])] = {
            "street_id": row["community__street"],
            "as_of": today,
            "compounds": row["n"],
            "started": row["started"],
            "completed": row["completed"],
            "late": row["late"],
            **{
                band_field(key): row[f"band_{key}"] for key, *_rest in register_rules.PROGRESS_BANDS
            },
            **{name: 0 for part in parts for name in PART_FIELDS[part]},
        }

    def add(plan, community, **values):
        cell = cells.get((plan, community))
        if cell is not None:
            cell.update(values)

    group = ("compound__plan", "compound__community")
    if "buildings" in parts:
        _add_buildings(add, compounds, group)
    if "demolition" in parts:
        _add_demolition(add, compounds, group)
    if "funds" in parts:
        _add_funds(add, compounds, group)
    visible = Opinion.objects.filter(compound__in=compounds, hidden=False, merged_into__isnull=True)
    if "opinions" in parts:
        _add_opinions(cells, add, visible, group)
    if "day" in parts:
        _add_day_figures(cells, compounds, today)
    return cells


def _add_buildings(add, compounds, group):
    for plan, community, row in _keyed(
        Building.objects.filter(compound__in=compounds)
        .order_by()
        .values(*group)
        .annotate(n=Count("pk"), households=Sum("households"), area=Sum("floor_area"))
    ):
        add(plan, community, buildings=row["n"], households=row["households"] or 0,
            floor_area=row["area"] or ZERO)  # fmt: skip


def _add_demolition(add, compounds, group):
    for plan, community, row in _keyed(
        WorkItem.objects.filter(compound__in=compounds, category=WorkCategory.DEMOLITION)
        .order_by()
        .values(*group)
        .annotate(
            n=Count("pk"),
            planned=Sum("planned_quantity"),
            done=Sum("done_quantity"),
            area=Sum("done_area"),
        )
    ):
        add(plan, community, demolition_items=row["n"], demolition_planned=row["planned"] or ZERO,
            demolition_done=row["done"] or ZERO, demolition_area=row["area"] or ZERO)  # fmt: skip


def _add_funds(add, compounds, group):
    for plan, community, row in _keyed(
        FundAllocation.objects.filter(compound__in=compounds)
        .order_by()
        .values(*group)
        .annotate(total=Sum("amount"), n=Count("compound", distinct=True))
    ):
        add(plan, community, fund_planned=row["total"] or ZERO, fund_compounds=row["n"])
    for plan, community, row in _keyed(
        FundPayment.objects.filter(allocation__compound__in=compounds)
        .order_by()
        .values("allocation__compound__plan", "allocation__compound__community")
        .annotate(total=Sum("amount"), n=Count("pk")),
        plan="allocation__compound__plan",
        community="allocation__compound__community",
    ):
        add(plan, community, fund_paid=row["total"] or ZERO, fund_payments=row["n"])


def _add_opinions(cells, add, visible, group):
    """Opinions received and answered, per topic, and those overdue (a figure of the day)."""
    for plan, community, row in _keyed(
        visible.order_by()
        .values(*group)
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(replied_at__isnull=False)))
    ):
        add(plan, community, opinions_received=row["n"], opinions_answered=row["answered"])
    for plan, community, row in _keyed(
        OpinionTopic.objects.filter(opinion__in=visible)
        .order_by()
        .values("opinion__compound__plan", "opinion__compound__community", "topic")
        .annotate(n=Count("pk")),
        plan="opinion__compound__plan",
        community="opinion__compound__community",
    ):
        cell = cells.get((plan, community))
        if cell is not None and topic_field(row["topic"]) in TOPIC_FIELDS:
            cell[topic_field(row["topic"])] = row["n"]
    for plan, community, row in _keyed(
        visible.filter(reply_overdue_q()).order_by().values(*group).annotate(n=Count("pk"))
    ):
        add(plan, community, opinions_overdue=row["n"])


def _add_day_figures(cells, compounds, today) -> None:
    """The figures that change with the day besides late to start (the register's) and the
    opinions overdue (the opinions'): overdue milestones, the unresolved problems by source,
    level and age."""
    group = ("compound__plan", "compound__community")
    for plan, community, row in _keyed(
        Milestone.objects.filter(compound__in=compounds, overdue_after__lt=today)
        .order_by()
        .values(*group)
        .annotate(n=Count("pk"), compounds=Count("compound", distinct=True))
    ):
        cell = cells.get((plan, community))
        if cell is not None:
            cell.update(milestones_overdue=row["n"], milestone_compounds=row["compounds"])
    problems = rectification_counts(
        Rectification.objects.filter(compound__in=compounds), today=today, by=group
    )
    for row in problems:
        cell = cells.get((row["compound__plan"], row["compound__community"]))
        if cell is None:
            continue
        for kind in ("source", "level"):
            total, overdue = problem_fields(kind, row[kind])
            cell[total] = cell.get(total, 0) + row["total"]
            cell[overdue] = cell.get(overdue, 0) + row["overdue"]
        for age in ("week", "month", "older"):
            cell[f"problems_{age}"] = cell.get(f"problems_{age}", 0) + row[age]


TOPIC_FIELDS = {
    field.name for field in DashboardCell._meta.fields if field.name.startswith("topic_")
}


def refresh_cells(keys=None, parts=PARTS) -> int:
    """Compute the rows of the cells ``keys`` ((plan id, community id) pairs; every cell when
    None) again from the records: the register's figures and those of ``parts`` (all of them
    for a cell that has no row yet); a cell left without compounds goes. Return the rows
    written."""
    if keys is None:
        compounds = Compound.objects.all()
        wanted = Q()
    else:
        keys = {key for key in keys if all(key)}
        if not keys:
            return 0
        wanted = Q()
        for plan, community in keys:
            wanted |= Q(plan_id=plan, community_id=community)
        compounds = Compound.objects.filter(wanted)
    existing = {
        (plan, community): pk
        for pk, plan, community in DashboardCell.objects.filter(wanted).values_list(
            "pk", "plan_id", "community_id"
        )
    }
    parts = frozenset(parts)
    figures = cell_figures(compounds, parts=parts if keys is not None else PARTS)
    if any(key not in existing for key in figures):
        figures = cell_figures(compounds) if parts != PARTS else figures
        parts = PARTS
    fields = [*REGISTER_FIELDS, *(name for part in parts for name in PART_FIELDS[part])]
    rows = [
        DashboardCell(plan_id=plan, community_id=community, **values)
        for (plan, community), values in figures.items()
    ]
    DashboardCell.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["plan", "community"],
        update_fields=[*fields, "updated"],
    )
    stale = [pk for key, pk in existing.items() if key not in figures]
    if stale:
        DashboardCell.objects.filter(pk__in=stale).delete()
    return len(rows)


def rebuild(compound_ids=None) -> int:
    """Compute the rows of these compounds' cells again now (every row with None), and let the
    cached dashboards go stale; return how many rows were written."""
    rows = refresh_cells(None if compound_ids is None else keys_of(compound_ids))
    dashboard_cache.changed()
    return rows


def keys_of(compound_ids) -> set:
    return set(
        Compound.objects.filter(pk__in=list(compound_ids)).values_list("plan_id", "community_id")
    )


class _Batch:
    """The cells touched since the last refresh, refreshed together by the first of their
    on_commit callbacks to run (the others find the batch done)."""

    def __init__(self):
        self.compound_ids: set = set()
        self.keys: set = set()
        self.parts: set = set()
        self.done = False

    def run(self):
        if self.done:
            return
        self.done = True
        keys = self.keys | keys_of(self.compound_ids)
        try:
            refresh_cells(keys, parts=self.parts)
        except Exception:  # the write is committed; `manage.py refresh_figures` mends the rows
            logger.exception("dashboard cells %s could not be refreshed", sorted(keys))
        dashboard_cache._bump()


def touch(compound_ids=(), keys=(), parts=PARTS) -> None:
    """Note that the figures of these compounds (or cells) changed, those of ``parts`` (see
    PART_FIELDS) and the register's: their cells are computed again once the transaction
    commits (at once outside one), once however many writes of the transaction touched
    them."""
    compound_ids = {pk for pk in compound_ids if pk}
    keys = set(keys)
    if not compound_ids and not keys:
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "_dashboard_cells", None)
    if batch is None or batch.done:
        batch = connection._dashboard_cells = _Batch()
    batch.compound_ids |= compound_ids
    batch.keys |= keys
    batch.parts |= set(parts)
    transaction.on_commit(batch.run)
