"""Writes of the progress records: validated in full, within the user's scope, with history."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.choices import CompoundStatus
from compounds.selectors import Level, in_scope, scope_for
from compounds.services import apply_fields, compound_update, require_perm, save_validated

from . import rules
from .choices import RectificationStatus
from .models import (
    DailyLog,
    DailyLogEntry,
    DailyLogPhoto,
    Milestone,
    Rectification,
    WeeklyMeeting,
    WorkItem,
)


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


def _street_level(user) -> bool:
    return user is None or scope_for(user).level >= Level.STREET


def _totals(work_items, *, exclude_log=None) -> dict[int, dict]:
    entries = DailyLogEntry.objects.filter(work_item__in=list(work_items))
    if exclude_log is not None:
        entries = entries.exclude(log=exclude_log)
    return {
        row["work_item"]: row
        for row in entries.values("work_item").annotate(quantity=Sum("quantity"), area=Sum("area"))
    }


def _write_entries(*, log, quantities, areas=None, excess_reason, user):
    """Save the day's quantity (and area) per work item, refuse a quantity past the plan
    without a reason, and bring each touched item's totals up to date from its entries."""
    areas = areas or {}
    touched = set(quantities) | set(areas)
    items = {item.pk: item for item in log.compound.work_items.all()}
    if any(item.pk not in items for item in touched):
        raise ValidationError(_("A work item of another compound was given."))
    done_elsewhere = _totals(touched, exclude_log=log)
    errors = {}
    for item in touched:
        before = (done_elsewhere.get(item.pk) or {}).get("quantity") or Decimal(0)
        excess = rules.excess_over_plan(
            done_before=before, today=quantities.get(item) or 0, planned=item.planned_quantity
        )
        if excess and not excess_reason.strip():
            errors[f"qty_{item.pk}"] = _(
                "This takes %(item)s %(excess)s %(unit)s past its plan. If that is right, "
                "give the reason below and save again."
            ) % {
                "item": item.get_category_display(),
                "excess": f"{excess.normalize():f}",
                "unit": item.get_unit_display(),
            }
    if errors:
        raise ValidationError(errors)

    existing = {entry.work_item_id: entry for entry in log.entries.all()}
    for item in touched:
        quantity, area = quantities.get(item) or Decimal(0), areas.get(item)
        entry = existing.get(item.pk)
        if not quantity and not area:
            if entry is not None:
                entry._history_user = user
                entry.delete()
            continue
        entry = entry or DailyLogEntry(log=log, work_item=item)
        entry.quantity, entry.area = quantity, area
        before = (done_elsewhere.get(item.pk) or {}).get("quantity") or Decimal(0)
        past_plan = before + quantity > item.planned_quantity
        entry.excess_reason = excess_reason.strip() if past_plan else ""
        save_validated(entry, user=user)
    totals = _totals(touched)
    for item in touched:
        row = totals.get(item.pk) or {}
        done = row.get("quantity") or Decimal(0)
        done_area = row.get("area") or Decimal(0)
        if (item.done_quantity, item.done_area) != (done, done_area):
            item.done_quantity, item.done_area = done, done_area
            save_validated(item, user=user, reason=_("daily log of %(date)s") % {"date": log.date})


def _attach_photos(*, log, photos, user):
    for number, content in enumerate(photos, start=1):
        photo = DailyLogPhoto(log=log, uploaded_by=user)
        photo._history_user = user
        photo.image.save(f"{number}.jpg", content, save=True)


def _start_compound_on_first_log(*, log):
    """A planned compound becomes started on the day its first work is logged."""
    compound = log.compound
    if compound.status == CompoundStatus.PLANNED:
        compound_update(
            compound=compound,
            user=None,
            reason=_("first daily log"),
            status=CompoundStatus.STARTED,
            started_on=log.date,
        )


@transaction.atomic
def daily_log_create(
    *, user, compound, quantities=None, areas=None, excess_reason="", photos=(), **fields
) -> DailyLog:
    """File a compound's log for a day: the log, its entries, its photos."""
    _require_compound_change(user, compound)
    log = DailyLog(compound=compound, created_by=user if user and user.is_authenticated else None,
                   **fields)  # fmt: skip
    save_validated(log, user=user)
    _write_entries(
        log=log,
        quantities=quantities or {},
        areas=areas,
        excess_reason=excess_reason,
        user=user,
    )
    _attach_photos(log=log, photos=photos, user=user)
    _start_compound_on_first_log(log=log)
    return log


@transaction.atomic
def daily_log_update(
    *,
    log: DailyLog,
    user,
    quantities=None,
    areas=None,
    excess_reason="",
    photos=(),
    reason="",
    **fields,
) -> DailyLog:
    """Change a day's log within its edit window: today's and yesterday's freely; older ones
    only by street staff, with a reason kept in history."""
    require_perm(user, "progress.change_dailylog", log)
    window = rules.log_edit_window(
        log_date=log.date, today=timezone.localdate(), street_level=_street_level(user)
    )
    if window == rules.EDIT_REFUSED:
        raise PermissionDenied(
            _("Logs older than yesterday are corrected by street staff, with a reason.")
        )
    if window == rules.EDIT_WITH_REASON and not reason.strip():
        raise ValidationError({"change_reason": _("Say why this older log is being corrected.")})
    fields.pop("date", None)  # a log stays on its day; file another day's log instead
    apply_fields(log, fields)
    save_validated(log, user=user, reason=reason)
    _write_entries(
        log=log,
        quantities=quantities or {},
        areas=areas,
        excess_reason=excess_reason,
        user=user,
    )
    _attach_photos(log=log, photos=photos, user=user)
    return log


def _require_scope(user, obj, field, message):
    if user is not None and not in_scope(user, obj):
        raise ValidationError({field: message})


@transaction.atomic
def meeting_create(*, user, **fields) -> WeeklyMeeting:
    meeting = WeeklyMeeting(**fields)
    _require_scope(user, meeting, "street", _("You may only hold meetings of your own street."))
    return save_validated(meeting, user=user)


@transaction.atomic
def meeting_update(*, meeting: WeeklyMeeting, user, **fields) -> WeeklyMeeting:
    require_perm(user, "progress.change_weeklymeeting", meeting)
    fields.pop("street", None)  # a meeting stays with its street
    apply_fields(meeting, fields)
    return save_validated(meeting, user=user)


@transaction.atomic
def rectification_create(*, user, **fields) -> Rectification:
    rectification = Rectification(**fields)
    if rectification.compound_id:
        _require_scope(
            user,
            rectification.compound,
            "compound",
            _("You may only raise problems about compounds you work on."),
        )
    if rectification.status == RectificationStatus.CLOSED and rectification.closed_on is None:
        rectification.closed_on = timezone.localdate()
    return save_validated(rectification, user=user)


@transaction.atomic
def rectification_update(
    *, rectification: Rectification, user, reason: str = "", **fields
) -> Rectification:
    """Move a problem along its closed loop; resolving it dates it, reopening undates it."""
    require_perm(user, "progress.change_rectification", rectification)
    # The stored status, not the instance's: a bound ModelForm has already set the new one.
    current = Rectification.objects.values_list("status", flat=True).get(pk=rectification.pk)
    apply_fields(rectification, fields)
    if not rules.can_move(current, rectification.status):
        raise ValidationError(
            {
                "status": _("A problem cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": RectificationStatus(current).label,
                    "new": RectificationStatus(rectification.status).label,
                }
            }
        )
    if rectification.status == RectificationStatus.CLOSED:
        rectification.closed_on = rectification.closed_on or timezone.localdate()
    else:
        rectification.closed_on = None
    if rectification.compound_id:
        _require_scope(
            user,
            rectification.compound,
            "compound",
            _("You may only raise problems about compounds you work on."),
        )
    return save_validated(rectification, user=user, reason=reason)
