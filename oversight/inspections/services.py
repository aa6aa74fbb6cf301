"""District inspections (督导): writes, and who may make them.

The district's inspection group records its visit to a street (what it heard and read, the
compounds and other sites it saw, what it found) and its requirements; a requirement that
names a compound raises a problem in the one register (整改台账) at the district's level, so
the district verifies the fix. The street's staff write the street's answer. When a visit is
recorded, the street's dashboard figures are frozen on it (selectors.inspection_figures), so
the next visit sees what changed.

Services take keyword-only arguments (``user=None`` is the system), check role and scope,
validate the whole object and save it with its history. Imported by OversightConfig.ready().
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from compounds.models import Compound
from compounds.roles import Role
from compounds.services import apply_fields, require_in_scope, save_validated
from progress import services as progress_services
from progress.choices import RaisedBy, RectificationSource
from progress.permissions import is_administrator, role_names

from . import selectors
from .models import Inspection, InspectionRequirement

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
        date=date or clock.today(),
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
    inspection.figures = selectors.inspection_figures(street=street)
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
    inspection.answered_on = answered_on or clock.today()
    return save_validated(inspection, user=user, reason=gettext_noop("the street's answer"))
