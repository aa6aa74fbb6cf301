"""District inspections (督导): reads and writes.

The district's inspection group records its visit to a street (what it heard and read, the
compounds and other sites it saw, what it found) and its requirements; a requirement that
names a compound raises a problem in the one register (整改台账) at the district's level, so
the district verifies the fix. The street's staff write the street's answer. When a visit is
recorded, the street's dashboard figures are frozen on it, so the next visit sees what changed.

Reads are scoped to the user; services take keyword-only arguments (``user=None`` is the
system), check role and scope, validate the whole object and save it with its history.
Imported by OversightConfig.ready().
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds.models import Compound, RenovationPlan
from compounds.roles import Role
from compounds.selectors import (
    compound_choices,
    display_value,
    plan_summary,
    record_changes,
    scoped,
    street_list,
)
from compounds.services import apply_fields, require_in_scope, save_validated
from progress import rules as progress_rules
from progress import services as progress_services
from progress.choices import RaisedBy, RectificationSource
from progress.models import Rectification
from progress.permissions import is_administrator, role_names

from ..models import Inspection, InspectionRequirement
from ..opinions.selectors import opinion_figures

FIGURES_VERSION = 1
# A plan's figures frozen on a visit: plan_summary()'s totals.
PLAN_FIGURES = ("compounds", "started", "start_rate", "completed", "buildings", "households",
                "floor_area")  # fmt: skip
# The residents' voice of a plan: oversight.opinions.selectors.opinion_figures().
OPINION_FIGURES = ("received", "answered", "overdue", "median_reply_days")

# What each figure is called on the page, and which way is better (1 up, -1 down, 0 neither).
FIGURE_LABELS = {
    "compounds": (gettext_lazy("compounds in the plan"), 0),
    "started": (gettext_lazy("compounds started"), 1),
    "start_rate": (gettext_lazy("start rate (%)"), 1),
    "completed": (gettext_lazy("compounds completed"), 1),
    "buildings": (gettext_lazy("buildings"), 0),
    "households": (gettext_lazy("households"), 0),
    "floor_area": (gettext_lazy("floor area (m²)"), 0),
    "received": (gettext_lazy("residents' opinions received"), 0),
    "answered": (gettext_lazy("opinions answered"), 1),
    "overdue": (gettext_lazy("opinions waiting too long for a reply"), -1),
    "median_reply_days": (gettext_lazy("median days to reply"), -1),
}


# --- Who does what ---------------------------------------------------------------------------


def may_record(user, inspection: Inspection | None = None) -> bool:
    """Return whether ``user`` records district inspections and their requirements (the
    district's inspectors and administrators), and may change ``inspection`` when given."""
    if user is None:
        return True
    if not user.has_perm("oversight.add_inspection"):
        return False
    return inspection is None or user.has_perm("oversight.change_inspection", inspection)


def may_answer(user, inspection: Inspection) -> bool:
    """Return whether ``user`` writes the street's answer to ``inspection``: the street's own
    staff (or an administrator), never the inspection group itself."""
    if user is None:
        return True
    street_side = is_administrator(user) or Role.STREET_STAFF.value in role_names(user)
    return street_side and user.has_perm("oversight.change_inspection", inspection)


def _require_recorder(user, inspection: Inspection, message: str):
    if not may_record(user, inspection):
        raise PermissionDenied(message)


# --- Figures ---------------------------------------------------------------------------------


def _plain(value):
    """Return a figure as JSON keeps it: Decimals as strings, numbers and None as they are."""
    if isinstance(value, Decimal):
        return str(value)
    return value


def inspection_figures(*, street, today: datetime.date | None = None) -> dict:
    """Return the street's dashboard figures as they stand, ready to be kept as JSON.

    Per plan of the street (newest first): the totals of plan_summary() and the residents'
    opinions of opinion_figures(); for the street: its problems still open, and those past
    their deadline, by source and by the level that raised them. One query for the plans,
    six per plan, one for the problems, whatever the number of compounds or records.
    """
    today = today or timezone.localdate()
    plans = []
    for plan in RenovationPlan.objects.filter(street=street).order_by("-year", "pk"):
        total = plan_summary(plan=plan, user=None)["total"]
        opinions = opinion_figures(user=None, plan=plan)
        plans.append(
            {
                "id": plan.pk,
                "name": plan.name,
                "year": plan.year,
                **{key: _plain(total[key]) for key in PLAN_FIGURES},
                "opinions": {key: _plain(opinions[key]) for key in OPINION_FIGURES},
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
        "version": FIGURES_VERSION,
        "taken_at": timezone.localtime().isoformat(timespec="seconds"),
        "as_of": today.isoformat(),
        "street": street.pk,
        "plans": plans,
        "problems": problems,
    }


def _number(value):
    """Return a kept figure as a number to compare: int, Decimal or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _flatten(figures: dict | None) -> dict:
    """Return the figures kept on a visit as {key: (section, label, value, better)}; the keys
    are stable between visits (a plan by its id, a problem source or level by its value)."""
    flat = {}
    if not figures:
        return flat
    for plan in figures.get("plans", []):
        section = plan.get("name") or str(plan.get("year", ""))
        for key in PLAN_FIGURES:
            label, better = FIGURE_LABELS[key]
            value = _number(plan.get(key))
            if key == "floor_area" and value is not None:
                value = Decimal(value).quantize(Decimal(1))  # whole m² are enough to compare
            flat[f"plan:{plan.get('id')}:{key}"] = (section, label, value, better)
        for key in OPINION_FIGURES:
            label, better = FIGURE_LABELS[key]
            value = _number((plan.get("opinions") or {}).get(key))
            flat[f"plan:{plan.get('id')}:opinions:{key}"] = (section, label, value, better)
    problems = figures.get("problems") or {}
    section = _("Problems to fix (整改)")
    flat["problems:open"] = (section, _("problems open"), _number(problems.get("open")), -1)
    flat["problems:overdue"] = (
        section, _("problems past their deadline"), _number(problems.get("overdue")), -1,
    )  # fmt: skip
    groups = {
        "by_source": (RectificationSource, _("Open problems by source")),
        "by_level": (RaisedBy, _("Open problems by the level that raised them")),
    }
    for group, (choices, group_section) in groups.items():
        for value, counts in (problems.get(group) or {}).items():
            try:
                name = choices(value).label
            except ValueError:
                name = value
            flat[f"problems:{group}:{value}:open"] = (
                group_section, name, _number(counts.get("open")), -1,
            )  # fmt: skip
            flat[f"problems:{group}:{value}:overdue"] = (
                group_section,
                _("%(name)s: past their deadline") % {"name": name},
                _number(counts.get("overdue")),
                -1,
            )
    return flat


def _change(new, old):
    if new is None or old is None:
        return None
    return new - old


def _trend(change, better: int) -> str | None:
    """Return "better" or "worse" for a change of a figure with a better direction,
    "changed" for one without, "same" for no change, None when there is nothing to compare."""
    if change is None:
        return None
    if change == 0:
        return "same"
    if not better:
        return "changed"
    return "better" if (change > 0) == (better > 0) else "worse"


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
    visit = _flatten(inspection.figures)
    before = _flatten(previous.figures) if previous else {}
    today = _flatten(now)
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
        since_previous = _change(at_visit, at_previous)
        since_visit = _change(at_now, at_visit)
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
                "trend_since_previous": _trend(since_previous, better),
                "trend_since_visit": _trend(since_visit, better),
            }
        )
    return {
        "previous": previous,
        "rows": rows,
        "now": now,
        "frozen_on": _day((inspection.figures or {}).get("as_of")),
    }


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# --- Reads -----------------------------------------------------------------------------------


def inspection_list(*, user) -> QuerySet:
    """The inspections the user may read (those of their street; every street for the
    district), with their visited compounds and requirements, and counts of requirements and
    of the problems they raised that are still open."""
    requirements = InspectionRequirement.objects.select_related(
        "compound", "rectification"
    ).order_by("order", "pk")
    return (
        scoped(Inspection.objects.select_related("street", "recorded_by"), user)
        .annotate(
            requirement_count=Count("requirements", distinct=True),
            open_problem_count=Count(
                "requirements__rectification",
                filter=Q(requirements__rectification__status__in=progress_rules.UNRESOLVED),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch("compounds_visited", queryset=Compound.objects.order_by("name", "pk")),
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


def _display(field, value):
    """Show a stored value in the history; the visited compounds by their names."""
    if field.name == "compounds_visited":
        ids = [row.get("compound") for row in value or [] if isinstance(row, dict)]
        names = Compound.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
        return "、".join(names) or "—"
    return display_value(field, value)


def inspection_changes(*, inspection: Inspection, limit: int = 20) -> list[dict]:
    """The newest changes of an inspection (its frozen figures and bookkeeping left out)."""
    return record_changes(
        inspection, limit=limit, excluded=("updated", "figures"), display=_display
    )


def inspection_detail(*, inspection: Inspection, user) -> dict:
    """What an inspection's page shows besides the inspection: the compounds visited (with
    whether the user may open each), the requirements with their problems (and whether the
    user may open each), the comparison of figures and the history."""
    visited = list(inspection.compounds_visited.all())
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
        "compounds": [{"compound": c, "visible": c.pk in visible_compounds} for c in visited],
        "requirements": requirements,
        "comparison": comparison,
        "figure_rows": [row for row in comparison["rows"] if not row["detail"]],
        "detail_rows": [row for row in comparison["rows"] if row["detail"]],
        "changes": inspection_changes(inspection=inspection),
    }


# --- Writes ----------------------------------------------------------------------------------


def _visited(street, compounds) -> list[Compound]:
    """Return the compounds visited, refusing any of another street."""
    compounds = list(compounds or ())
    if not compounds:
        return []
    streets = dict(
        Compound.objects.filter(pk__in=[c.pk for c in compounds]).values_list(
            "pk", "community__street"
        )
    )
    foreign = [c.name for c in compounds if streets.get(c.pk) != street.pk]
    if foreign:
        raise ValidationError(
            {
                "compounds_visited": _(
                    "These compounds are in another street than the inspection: %(names)s."
                )
                % {"names": "、".join(foreign)}
            }
        )
    return compounds


@transaction.atomic
def inspection_create(
    *,
    user,
    street,
    date: datetime.date | None = None,
    group: str,
    reviewed: str = "",
    compounds_visited=(),
    other_sites: str = "",
    findings: str = "",
) -> Inspection:
    """Record a visit of the district's inspection group to ``street``, with the street's
    figures frozen as they stand now."""
    if user is not None and not user.has_perm("oversight.add_inspection"):
        raise PermissionDenied(
            _("Only the district's inspection group records inspections; the street answers them.")
        )
    inspection = Inspection(
        street=street,
        date=date or timezone.localdate(),
        group=(group or "").strip(),
        reviewed=(reviewed or "").strip(),
        other_sites=(other_sites or "").strip(),
        findings=(findings or "").strip(),
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    require_in_scope(
        user, inspection, "street", _("You may only record inspections of the streets you cover.")
    )
    compounds = _visited(street, compounds_visited)
    inspection.figures = inspection_figures(street=street)
    save_validated(inspection, user=user)
    if compounds:
        inspection.compounds_visited.set(compounds)
    return inspection


@transaction.atomic
def inspection_update(*, inspection: Inspection, user, reason: str = "", **fields) -> Inspection:
    """Correct the inspection group's record of a visit: its date, group, what was reviewed,
    the sites, the findings. The street, the frozen figures and the street's answer stay."""
    _require_recorder(
        user,
        inspection,
        _("Only the district's inspection group changes its record of a visit; the street "
          "writes its answer below it."),
    )  # fmt: skip
    for name in ("street", "figures", "answer", "answered_on", "recorded_by"):
        fields.pop(name, None)
    compounds = fields.pop("compounds_visited", None)
    for name in ("group", "reviewed", "other_sites", "findings"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    apply_fields(inspection, fields)
    if compounds is not None:
        compounds = _visited(inspection.street, compounds)
    save_validated(inspection, user=user, reason=reason)
    if compounds is not None:
        current = set(inspection.compounds_visited.values_list("pk", flat=True))
        if current != {c.pk for c in compounds}:
            inspection.compounds_visited.set(compounds)
    return inspection


@transaction.atomic
def requirement_add(
    *,
    user,
    inspection: Inspection,
    text: str,
    compound: Compound | None = None,
    owner: str = "",
    deadline: datetime.date | None = None,
    responsible_unit: str = "",
) -> InspectionRequirement:
    """Add a requirement to an inspection, after the others. One that names a compound raises
    a problem on the compound's register at the district's level (the district verifies the
    fix), owned by ``owner`` (the compound's person in charge by default), answered for by
    ``responsible_unit`` (the street by default) and due by ``deadline``."""
    _require_recorder(
        user,
        inspection,
        _("Only the district's inspection group adds requirements to its inspections."),
    )
    owner = (owner or "").strip()
    last = inspection.requirements.aggregate(last=Max("order"))["last"] or 0
    requirement = InspectionRequirement(
        inspection=inspection, order=last + 1, text=(text or "").strip(), compound=compound
    )
    errors = {}
    if compound is not None:
        owner = owner or compound.person_in_charge or ""
        if not owner:
            errors["owner"] = [
                _(
                    "Name who answers for this requirement: the compound has no person in "
                    "charge on record."
                )
            ]
        if deadline is None:
            errors["deadline"] = [
                _("Give the day by which it must be done: it goes on the compound's problems.")
            ]
        elif deadline < inspection.date:
            errors["deadline"] = [_("The deadline cannot be before the visit.")]
    elif owner or deadline is not None:
        errors["compound"] = [
            _(
                "An owner and a deadline are for a requirement about a compound: name the "
                "compound, or leave them empty."
            )
        ]
    try:
        requirement.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    save_validated(requirement, user=user)
    if compound is not None:
        requirement.rectification = progress_services.rectification_create(
            user=user,
            source=RectificationSource.INSPECTION,
            level=RaisedBy.DISTRICT,
            origin=requirement,
            compound=compound,
            description=requirement.text,
            owner=owner,
            responsible_unit=(responsible_unit or "").strip() or inspection.street.name,
            deadline=deadline,
        )
        save_validated(requirement, user=user)
    return requirement


@transaction.atomic
def inspection_answer(
    *, user, inspection: Inspection, answer: str, answered_on: datetime.date | None = None
) -> Inspection:
    """Write (or correct) the street's answer to an inspection, dated ``answered_on`` (today
    by default). Only the street's staff answer; the inspection group is refused."""
    if not may_answer(user, inspection):
        raise PermissionDenied(
            _(
                "Only the street's staff answer an inspection; the inspection group records "
                "the visit and its requirements."
            )
        )
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the street's answer.")})
    inspection.answer = answer
    inspection.answered_on = answered_on or timezone.localdate()
    return save_validated(inspection, user=user, reason=_("the street's answer"))
