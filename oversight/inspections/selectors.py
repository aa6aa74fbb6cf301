"""District inspections (督导): reads, scoped to the user. The inspections a user may read and
what a visit's page shows; the street's dashboard figures as they stand (frozen on a visit
when it is recorded), and those of a visit compared with the previous visit's and today's."""

import datetime
from functools import partial

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from common import clock
from compounds.models import Compound, RenovationPlan
from compounds.rules import other_compounds
from compounds.selectors import (
    compound_choices,
    display_value,
    plan_summary,
    record_changes,
    scoped,
    street_list,
)
from progress import rules as progress_rules
from progress.choices import RaisedBy, RectificationSource
from progress.models import Rectification

from ..opinions.selectors import opinion_figures
from . import rules
from .models import Inspection, InspectionRequirement

# --- Figures ---------------------------------------------------------------------------------


def inspection_figures(*, street, today: datetime.date | None = None) -> dict:
    """Return the street's dashboard figures as they stand, ready to be kept as JSON.

    Per plan of the street (newest first): the totals of plan_summary() and the residents'
    opinions of opinion_figures(); for the street: its problems still open, and those past
    their deadline, by source and by the level that raised them. One query for the plans,
    six per plan, one for the problems, whatever the number of compounds or records.
    """
    today = today or clock.today()
    plans = []
    for plan in RenovationPlan.objects.filter(street=street).order_by("-year", "pk"):
        total = plan_summary(plan=plan, user=None)["total"]
        opinions = opinion_figures(user=None, plan=plan)
        plans.append(
            {
                "id": plan.pk,
                "name": plan.name,
                "year": plan.year,
                **{key: rules._plain(total[key]) for key in rules.PLAN_FIGURES},
                "opinions": {key: rules._plain(opinions[key]) for key in rules.OPINION_FIGURES},
            }
        )
    rows = (
        Rectification.objects.filter(
            compound__community__street=street, status__in=progress_rules.UNRESOLVED
        )
        .values("source", "level")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
        .order_by()
    )
    by_source = {source: {"open": 0, "overdue": 0} for source in RectificationSource.values}
    by_level = {level: {"open": 0, "overdue": 0} for level in RaisedBy.values}
    problems = {"open": 0, "overdue": 0, "by_source": by_source, "by_level": by_level}
    for row in rows:
        for bucket in (problems, by_source.get(row["source"]), by_level.get(row["level"])):
            if bucket is not None:
                bucket["open"] += row["open"]
                bucket["overdue"] += row["overdue"]
    return {
        "version": rules.FIGURES_VERSION,
        "taken_at": timezone.localtime(clock.now()).isoformat(timespec="seconds"),
        "as_of": today.isoformat(),
        "street": street.pk,
        "plans": plans,
        "problems": problems,
    }


def previous_inspection(inspection: Inspection) -> Inspection | None:
    """Return the visit to the same street just before ``inspection``, or None."""
    return (
        Inspection.objects.filter(street=inspection.street_id)
        .filter(Q(date__lt=inspection.date) | Q(date=inspection.date, pk__lt=inspection.pk))
        .order_by("-date", "-pk")
        .first()
    )


def figures_compared(inspection: Inspection, *, now: dict | None = None) -> dict:
    """Compare the figures frozen at ``inspection`` with those of the street's previous visit
    and with today's.

    Return ``previous`` (the previous inspection or None), ``frozen_on`` (the day the figures
    were kept), ``now`` (today's figures) and ``rows``: for each figure its
    ``section``, ``label``, value ``at_previous``, ``at_visit`` and ``now``, the changes
    ``since_previous`` (from the previous visit to this one) and ``since_visit`` (from this
    visit to now), and whether each change is ``better``, ``worse``, ``same`` or just
    ``changed``. Figures that are zero or missing at all three are left out, except the
    plans' and the problems' totals.
    """
    previous = previous_inspection(inspection)
    now = now if now is not None else inspection_figures(street=inspection.street)
    visit = rules._flatten(inspection.figures)
    before = rules._flatten(previous.figures) if previous else {}
    today = rules._flatten(now)
    keys = (
        list(visit)
        + [k for k in today if k not in visit]
        + [k for k in before if k not in visit and k not in today]
    )
    rows = []
    for key in keys:
        section, label, _value, better = visit.get(key) or today.get(key) or before[key]
        at_visit = (visit.get(key) or (None, None, None, 0))[2]
        at_previous = (before.get(key) or (None, None, None, 0))[2]
        at_now = (today.get(key) or (None, None, None, 0))[2]
        detail = key.startswith("problems:by_")
        if detail and not any((at_visit, at_previous, at_now)):
            continue
        since_previous = rules._change(at_visit, at_previous)
        since_visit = rules._change(at_now, at_visit)
        rows.append(
            {
                "key": key,
                "section": section,
                "label": label,
                "detail": detail,
                "at_previous": at_previous,
                "at_visit": at_visit,
                "now": at_now,
                "since_previous": since_previous,
                "since_visit": since_visit,
                "trend_since_previous": rules._trend(since_previous, better),
                "trend_since_visit": rules._trend(since_visit, better),
            }
        )
    return {
        "previous": previous,
        "rows": rows,
        "now": now,
        "frozen_on": rules._day((inspection.figures or {}).get("as_of")),
    }


# --- Reads -----------------------------------------------------------------------------------


def inspection_list(*, user) -> QuerySet:
    """The inspections the user may read (those of their street; every street for the
    district), with their visited compounds and requirements, and counts of requirements and
    of the problems they raised that are still open. The compounds visited are those of the
    user's scope; ``visited_others`` counts the others, never named."""
    requirements = InspectionRequirement.objects.select_related(
        "compound", "rectification"
    ).order_by("order", "pk")
    visible = scoped(Compound.objects.all(), user)
    return (
        scoped(Inspection.objects.select_related("street", "recorded_by"), user)
        .annotate(
            visited_others=Count(
                "compounds_visited",
                filter=~Q(compounds_visited__in=visible.values("pk")),
                distinct=True,
            ),
            requirement_count=Count("requirements", distinct=True),
            open_problem_count=Count(
                "requirements__rectification",
                filter=Q(requirements__rectification__status__in=progress_rules.UNRESOLVED),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("compounds_visited", queryset=visible.order_by("name", "pk")),
            Prefetch("requirements", queryset=requirements),
        )
        .order_by("-date", "-pk")
    )


def inspection_street_choices(*, user) -> QuerySet:
    """The streets a user may record inspections of."""
    return street_list(user=user).order_by("name", "pk")


def inspection_compound_choices(*, street) -> QuerySet:
    """The compounds of ``street``, which a visit may see and a requirement may name."""
    return (
        Compound.objects.filter(community__street=street)
        .select_related("community")
        .order_by("community__name", "name", "pk")
    )


def _display(field, value, *, user):
    """Show a stored value in the history; the visited compounds by their names (those of the
    user's scope; the others counted)."""
    if field.name == "compounds_visited":
        ids = [row.get("compound") for row in value or [] if isinstance(row, dict)]
        compounds = Compound.objects.filter(pk__in=ids)
        names = list(scoped(compounds, user).order_by("name").values_list("name", flat=True))
        others = other_compounds(compounds.count() - len(names))
        return "、".join([*names, others] if others else names) or "—"
    return display_value(field, value)


def inspection_changes(*, inspection: Inspection, user, limit: int = 20) -> list[dict]:
    """The newest changes of an inspection (its frozen figures and bookkeeping left out), as
    the user may read them."""
    return record_changes(
        inspection,
        limit=limit,
        excluded=("updated", "figures"),
        display=partial(_display, user=user),
    )


def inspection_detail(*, inspection: Inspection, user) -> dict:
    """What an inspection's page shows besides the inspection: the compounds visited (with
    whether the user may open each), the requirements with their problems (and whether the
    user may open each), the comparison of figures and the history."""
    visited = list(
        scoped(Compound.objects.filter(inspections=inspection), user).order_by("name", "pk")
    )
    others = Inspection.compounds_visited.through.objects.filter(inspection=inspection).count()
    requirements = list(inspection.requirements.all())
    named = {c.pk for c in visited} | {r.compound_id for r in requirements if r.compound_id}
    visible_compounds = set(
        compound_choices(user=user).filter(pk__in=named).values_list("pk", flat=True)
    )
    problem_ids = [r.rectification_id for r in requirements if r.rectification_id]
    visible_problems = set()
    if user.has_perm("progress.view_rectification"):
        visible_problems = set(
            scoped(Rectification.objects.filter(pk__in=problem_ids), user).values_list(
                "pk", flat=True
            )
        )
    for requirement in requirements:
        requirement.problem_visible = requirement.rectification_id in visible_problems
        requirement.compound_visible = requirement.compound_id in visible_compounds
    comparison = figures_compared(inspection)
    return {
        "compounds": [{"compound": c, "visible": True} for c in visited],
        "others_visited": other_compounds(others - len(visited)),
        "requirements": requirements,
        "comparison": comparison,
        "figure_rows": [row for row in comparison["rows"] if not row["detail"]],
        "detail_rows": [row for row in comparison["rows"] if row["detail"]],
        "changes": inspection_changes(inspection=inspection, user=user),
    }
