"""The figures a compound stores so the dashboard and the lists need not compute them: its
progress, its last log, its milestones' backward schedule. The services and the tasks call
these; ``common.effects`` passes on what changed."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery

from common import effects
from compounds import rules as register_rules
from compounds.models import Compound

from . import rules
from .models import DailyLog, Milestone, WorkItem
from .selectors import working_calendar

# The dashboard and the lists read a compound's progress, last log and latest start, and a
# milestone's overdue date, from stored fields. These functions bring them up to date from the
# records; the writes above call them, and ``refresh_compound_figures`` redoes them all (after
# a bulk load, or a change of the holiday table). bulk_update and update() write no history:
# the figures are derived, not edits.

CHUNK = 2000
PROGRESS_PLACES = Decimal("0.0001")


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def refresh_progress(compound_ids, *, touch_cells=True) -> int:
    """Bring the compounds' ``progress`` up to date from their work items (weighted); return
    how many changed. Their dashboard rows follow (unless the caller rebuilds them all)."""
    changed = 0
    for ids in _chunks(compound_ids):
        pairs: dict[int, list] = {pk: [] for pk in ids}
        rows = WorkItem.objects.filter(compound_id__in=ids).values_list(
            "compound_id", "done_quantity", "planned_quantity", "weight"
        )
        for compound_id, done, planned, weight in rows:
            pairs[compound_id].append((rules.item_progress(done, planned), weight))
        stale = []
        for compound in Compound.objects.filter(pk__in=ids).only("pk", "progress"):
            value = rules.weighted_progress(pairs[compound.pk])
            value = None if value is None else value.quantize(PROGRESS_PLACES)
            if value != compound.progress:
                compound.progress = value
                stale.append(compound)
        Compound.objects.bulk_update(stale, ["progress"], batch_size=500)
        changed += len(stale)
        if stale and touch_cells:
            # the register's figures (progress bands) of these compounds changed
            effects.compounds_changed([compound.pk for compound in stale], parts=())
    return changed


def refresh_last_log(compound_ids) -> None:
    """Bring the compounds' ``last_log_on`` up to date from their daily logs (one query)."""
    latest = DailyLog.objects.filter(compound=OuterRef("pk")).order_by("-date").values("date")[:1]
    for ids in _chunks(compound_ids):
        Compound.objects.filter(pk__in=ids).update(last_log_on=Subquery(latest))


def refresh_schedules(compound_ids, *, calendar=None, touch_cells=True) -> int:
    """Plan the compounds' milestones backwards from their plan's deadline on the working
    calendar again, and store each milestone's latest start and finish and the day after which
    it is overdue (never, once the compound is completed or accepted: a compound's save says
    ``dates_changed``, which plans it again), and each compound's latest start (that of its
    first milestone). Return how
    many rows changed."""
    calendar = calendar or working_calendar()
    changed = 0
    touched: set = set()
    for ids in _chunks(compound_ids):
        compounds = Compound.objects.filter(pk__in=ids).select_related("plan")
        milestones: dict[int, list] = {}
        for m in Milestone.objects.filter(compound_id__in=ids).order_by("order", "pk"):
            milestones.setdefault(m.compound_id, []).append(m)
        stale_compounds, stale_milestones = [], []
        fields = ("pk", "status", "latest_start", "plan__target_completion_date")
        for compound in compounds.only(*fields):
            steps = milestones.get(compound.pk, [])
            finished = register_rules.is_completed(compound.status)
            schedule = rules.reverse_schedule(
                [(m, m.duration) for m in steps],
                deadline=compound.plan.target_completion_date,
                calendar=calendar,
            )
            for step in schedule.steps:
                m = step.key
                figures = (
                    step.latest_start,
                    step.latest_finish,
                    rules.overdue_after(
                        latest_start=step.latest_start,
                        latest_finish=step.latest_finish,
                        actual_start=m.actual_start,
                        actual_finish=m.actual_finish,
                        compound_completed=finished,
                    ),
                )
                if (m.latest_start, m.latest_finish, m.overdue_after) != figures:
                    m.latest_start, m.latest_finish, m.overdue_after = figures
                    stale_milestones.append(m)
            first = schedule.steps[0].latest_start if schedule.steps else None
            if compound.latest_start != first:
                compound.latest_start = first
                stale_compounds.append(compound)
        Milestone.objects.bulk_update(
            stale_milestones, ["latest_start", "latest_finish", "overdue_after"], batch_size=500
        )
        Compound.objects.bulk_update(stale_compounds, ["latest_start"], batch_size=500)
        changed += len(stale_compounds) + len(stale_milestones)
        touched |= {c.pk for c in stale_compounds} | {m.compound_id for m in stale_milestones}
    if touched and touch_cells:
        # late to start and overdue milestones: the figures that change with the day
        effects.compounds_changed(touched, parts={"day"})
    return changed


def refresh_compound_figures(compound_ids=None) -> dict:
    """Redo every stored figure of the compounds (all of them when ``compound_ids`` is None)."""
    everything = compound_ids is None
    if everything:
        compound_ids = Compound.objects.order_by("pk").values_list("pk", flat=True)
    ids = list(compound_ids)
    progress = refresh_progress(ids, touch_cells=not everything)
    refresh_last_log(ids)
    schedules = refresh_schedules(ids, touch_cells=not everything)
    rows = effects.rebuild(None if everything else ids)
    return {"compounds": len(ids), "progress_changed": progress,
            "schedule_rows_changed": schedules, "dashboard_rows": rows}  # fmt: skip
