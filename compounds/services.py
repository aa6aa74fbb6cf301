"""Writes to the register. Each validates the whole object, records who changed it, and saves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .acceptance import missing_for_acceptance
from .choices import CompoundStatus
from .models import Building, Community, Compound, RenovationPlan
from .permissions import require_object_perm
from .selectors import in_scope


def save_validated(obj, *, user, reason: str = ""):
    """Validate ``obj`` in full, then save it with its history entry naming ``user`` (None for
    the system). Every app's services save through this."""
    obj.full_clean()
    obj._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def apply_fields(obj, fields: dict):
    """Set the given field values on ``obj`` (an update service's changes)."""
    for name, value in fields.items():
        setattr(obj, name, value)


def require_in_scope(user, obj, field: str, message: str):
    """Refuse, on ``field``, an object outside the user's scope (None is the system)."""
    if user is not None and not in_scope(user, obj):
        raise ValidationError({field: message})


def require_perm(user, perm: str, obj):
    """Refuse a user (None is the system) without ``perm`` on ``obj``."""
    if user is not None:
        require_object_perm(user, perm, obj, _("You may not change this record."))


@transaction.atomic
def community_create(*, user, **fields) -> Community:
    community = Community(**fields)
    require_in_scope(
        user, community, "street", _("You may only add communities to your own street.")
    )
    return save_validated(community, user=user)


@transaction.atomic
def community_update(*, community: Community, user, **fields) -> Community:
    require_perm(user, "compounds.change_community", community)
    apply_fields(community, fields)
    require_in_scope(
        user, community, "street", _("You may only move communities within your own street.")
    )
    return save_validated(community, user=user)


@transaction.atomic
def plan_create(*, user, **fields) -> RenovationPlan:
    plan = RenovationPlan(**fields)
    require_in_scope(user, plan, "street", _("You may only add plans to your own street."))
    return save_validated(plan, user=user)


@transaction.atomic
def plan_update(*, plan: RenovationPlan, user, **fields) -> RenovationPlan:
    require_perm(user, "compounds.change_renovationplan", plan)
    apply_fields(plan, fields)
    require_in_scope(user, plan, "street", _("You may only move plans within your own street."))
    return save_validated(plan, user=user)


def _require_acceptance_ready(compound, *, was_accepted: bool):
    """Refuse to mark a compound accepted while anything acceptance needs is missing."""
    if compound.status != CompoundStatus.ACCEPTED or was_accepted:
        return
    missing = missing_for_acceptance(compound)
    if missing:
        raise ValidationError(
            {
                "status": [
                    _("The compound cannot be marked accepted yet:"),
                    *missing,
                ]
            }
        )


@transaction.atomic
def compound_create(*, user, **fields) -> Compound:
    compound = Compound(**fields)
    _require_acceptance_ready(compound, was_accepted=False)
    if compound.community_id:
        require_in_scope(
            user,
            compound.community,
            "community",
            _("You may only add compounds to a community you work in."),
        )
    return save_validated(compound, user=user)


@transaction.atomic
def compound_update(*, compound: Compound, user, reason: str = "", **fields) -> Compound:
    require_perm(user, "compounds.change_compound", compound)
    was_accepted = Compound.objects.filter(pk=compound.pk, status=CompoundStatus.ACCEPTED).exists()
    apply_fields(compound, fields)
    _require_acceptance_ready(compound, was_accepted=was_accepted)
    if compound.community_id:
        require_in_scope(
            user,
            compound.community,
            "community",
            _("You may only move compounds to a community you work in."),
        )
    return save_validated(compound, user=user, reason=reason)


@transaction.atomic
def building_create(*, user, **fields) -> Building:
    building = Building(**fields)
    if building.compound_id:
        require_in_scope(
            user,
            building.compound,
            "compound",
            _("You may only add buildings to a compound you work on."),
        )
        require_perm(user, "compounds.change_compound", building.compound)
    return save_validated(building, user=user)


@transaction.atomic
def building_update(*, building: Building, user, **fields) -> Building:
    require_perm(user, "compounds.change_building", building)
    apply_fields(building, fields)
    if building.compound_id:
        require_in_scope(
            user,
            building.compound,
            "compound",
            _("You may only move buildings to a compound you work on."),
        )
    return save_validated(building, user=user)
