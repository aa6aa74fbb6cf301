"""Writes of the progress records: validated in full, within the user's scope, with history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from compounds.services import apply_fields, require_perm, save_validated

from .models import Milestone, WorkItem


def _require_compound_change(user, compound):
    if user is not None and not user.has_perm("compounds.change_compound", compound):
        raise ValidationError({"compound": _("You may only plan work for a compound you work on.")})


@transaction.atomic
def work_item_create(*, user, **fields) -> WorkItem:
    item = WorkItem(**fields)
    if item.compound_id:
        _require_compound_change(user, item.compound)
    return save_validated(item, user=user)


@transaction.atomic
def work_item_update(*, work_item: WorkItem, user, **fields) -> WorkItem:
    require_perm(user, "progress.change_workitem", work_item)
    apply_fields(work_item, fields)
    if work_item.compound_id:
        _require_compound_change(user, work_item.compound)
    return save_validated(work_item, user=user)


@transaction.atomic
def milestone_create(*, user, **fields) -> Milestone:
    milestone = Milestone(**fields)
    if milestone.compound_id:
        _require_compound_change(user, milestone.compound)
    return save_validated(milestone, user=user)


@transaction.atomic
def milestone_update(*, milestone: Milestone, user, **fields) -> Milestone:
    require_perm(user, "progress.change_milestone", milestone)
    apply_fields(milestone, fields)
    if milestone.compound_id:
        _require_compound_change(user, milestone.compound)
    return save_validated(milestone, user=user)
