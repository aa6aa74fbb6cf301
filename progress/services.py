"""Writes of the progress records: validated in full, within the user's scope, with history."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from common.reasons import reason_with_values
from common.rules import has_reason
from compounds.choices import CompoundStatus
from compounds.permissions import require_object_perm
from compounds.selectors import Level, scope_for
from compounds.services import (
    apply_fields,
    compound_update,
    require_in_scope,
    require_perm,
    save_validated,
)

from . import rules
from .choices import RectificationStatus, ReportStatus
from .figures import refresh_last_log, refresh_progress, refresh_schedules
from .models import (
    DailyLog,
    DailyLogEntry,
    DailyLogPhoto,
    Milestone,
    Rectification,
    Report,
    WeeklyMeeting,
    WorkItem,
)
from .reports import report_pending
from .selectors import (
    work_item_done,
)
from .tasks import build_report

# The reason a work item's total changed, kept in its history (common.reasons: stored in
# English, shown in the reader's language).
DAILY_LOG_OF = reason_with_values(gettext_noop("daily log of %(date)s"))


def _require_compound_change(user, compound):
    if user is not None and not user.has_perm("compounds.change_compound", compound):
        raise ValidationError({"compound": _("You may only plan work for a compound you work on.")})


@transaction.atomic
def work_item_create(*, user, **fields) -> WorkItem:
    item = WorkItem(**fields)
    if item.compound_id:
        _require_compound_change(user, item.compound)
    save_validated(item, user=user)
    refresh_progress([item.compound_id])
    return item


@transaction.atomic
def work_item_update(*, work_item: WorkItem, user, **fields) -> WorkItem:
    require_perm(user, "progress.change_workitem", work_item)
    apply_fields(work_item, fields)
    if work_item.compound_id:
        _require_compound_change(user, work_item.compound)
    save_validated(work_item, user=user)
    refresh_progress([work_item.compound_id])
    return work_item


@transaction.atomic
def milestone_create(*, user, **fields) -> Milestone:
    milestone = Milestone(**fields)
    if milestone.compound_id:
        _require_compound_change(user, milestone.compound)
    save_validated(milestone, user=user)
    refresh_schedules([milestone.compound_id])
    milestone.refresh_from_db(fields=["latest_start", "latest_finish", "overdue_after"])
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, user, **fields) -> Milestone:
    require_perm(user, "progress.change_milestone", milestone)
    apply_fields(milestone, fields)
    if milestone.compound_id:
        _require_compound_change(user, milestone.compound)
    save_validated(milestone, user=user)
    refresh_schedules([milestone.compound_id])
    milestone.refresh_from_db(fields=["latest_start", "latest_finish", "overdue_after"])
    return milestone


def _street_level(user) -> bool:
    return user is None or scope_for(user).level >= Level.STREET


def _write_entries(*, log, quantities, areas=None, excess_reason, user):
    """Save the day's quantity (and area) per work item, refuse a quantity past the plan
    without a reason, and bring each touched item's totals up to date from its entries."""
    areas = areas or {}
    touched = set(quantities) | set(areas)
    items = {item.pk: item for item in log.compound.work_items.all()}
    if any(item.pk not in items for item in touched):
        raise ValidationError(_("A work item of another compound was given."))
    done_elsewhere = work_item_done(work_items=list(touched), exclude_log=log)
    errors = {}
    for item in touched:
        before = (done_elsewhere.get(item.pk) or {}).get("quantity") or Decimal(0)
        excess = rules.excess_over_plan(
            done_before=before, today=quantities.get(item) or 0, planned=item.planned_quantity
        )
        if excess and not has_reason(excess_reason):
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
    totals = work_item_done(work_items=list(touched))
    for item in touched:
        row = totals.get(item.pk) or {}
        done = row.get("quantity") or Decimal(0)
        done_area = row.get("area") or Decimal(0)
        if (item.done_quantity, item.done_area) != (done, done_area):
            item.done_quantity, item.done_area = done, done_area
            save_validated(item, user=user, reason=DAILY_LOG_OF % {"date": log.date})
    refresh_progress([log.compound_id])
    refresh_last_log([log.compound_id])


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
            reason=gettext_noop("first daily log"),
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
        log_date=log.date, today=clock.today(), street_level=_street_level(user)
    )
    if window == rules.EDIT_REFUSED:
        raise PermissionDenied(
            _("Logs older than yesterday are corrected by street staff, with a reason.")
        )
    if window == rules.EDIT_WITH_REASON and not has_reason(reason):
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


@transaction.atomic
def meeting_create(*, user, **fields) -> WeeklyMeeting:
    meeting = WeeklyMeeting(**fields)
    require_in_scope(user, meeting, "street", _("You may only hold meetings of your own street."))
    return save_validated(meeting, user=user)


@transaction.atomic
def meeting_update(*, meeting: WeeklyMeeting, user, **fields) -> WeeklyMeeting:
    require_perm(user, "progress.change_weeklymeeting", meeting)
    fields.pop("street", None)  # a meeting stays with its street
    apply_fields(meeting, fields)
    return save_validated(meeting, user=user)


def _require_compound_in_scope(user, rectification):
    if rectification.compound_id:
        require_in_scope(
            user,
            rectification.compound,
            "compound",
            _("You may only raise problems about compounds you work on."),
        )


def _refuse_move(current: str, new: str):
    raise ValidationError(
        {
            "status": _("A problem cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": RectificationStatus(current).label,
                "new": RectificationStatus(new).label,
            }
        }
    )


@transaction.atomic
def rectification_create(*, user, source: str, origin=None, **fields) -> Rectification:
    """Raise a problem in the one register (整改台账). It starts open; ``level`` (who raised
    it, and so who verifies the fix) follows the source unless given; ``origin`` is the record
    that raised it. Whether the user may raise problems from that source is the caller's
    check (a weekly meeting, a supervision record, an inspection); the compound must be in
    the user's scope."""
    fields.setdefault("level", rules.SOURCE_LEVEL[source])
    for name in ("status", "closed_on", "verified_by", "verification_note"):
        fields.pop(name, None)
    rectification = Rectification(
        source=source,
        raised_by=user if user is not None and user.is_authenticated else None,
        **fields,
    )
    if origin is not None:
        rectification.origin = origin
    _require_compound_in_scope(user, rectification)
    return save_validated(rectification, user=user)


# What the responsible side may not change on a problem it works on.
_FIXED_FIELDS = ("source", "level", "origin_type", "origin_id", "raised_by", "meeting",
                 "verified_by", "verification_note", "closed_on")  # fmt: skip


@transaction.atomic
def rectification_update(
    *, rectification: Rectification, user, reason: str = "", **fields
) -> Rectification:
    """Work on a problem: its details, and the responsible side's moves (being fixed,
    submitted for verification with what was done). Closing, sending back and reopening are
    the verifying level's: see rectification_verify."""
    require_perm(user, "progress.change_rectification", rectification)
    for name in _FIXED_FIELDS:
        fields.pop(name, None)
    # The stored status, not the instance's: a bound ModelForm has already set the new one.
    current = Rectification.objects.values_list("status", flat=True).get(pk=rectification.pk)
    apply_fields(rectification, fields)
    new = rectification.status
    if not rules.can_move(current, new):
        _refuse_move(current, new)
    if new not in rules.responsible_statuses(current):
        raise ValidationError(
            {
                "status": _(
                    "Only the level that raised this problem (%(level)s) may close it, send "
                    "it back or reopen it. Submit it for verification when it is fixed."
                )
                % {"level": rectification.get_level_display()}
            }
        )
    _require_compound_in_scope(user, rectification)
    return save_validated(rectification, user=user, reason=reason)


@transaction.atomic
def rectification_verify(
    *, rectification: Rectification, user, verdict: str, note: str = "", on=None
) -> Rectification:
    """The verifying level's word on a fix: close the problem (on ``on``, today by default),
    send it back with what is still wrong, or reopen a closed one that did not hold."""
    if user is not None:
        require_object_perm(
            user,
            "progress.verify_rectification",
            rectification,
            _(
                "Only the level that raised this problem (%(level)s) may verify its fix. Ask "
                "them to check it."
            )
            % {"level": rectification.get_level_display()},
        )
    stored = Rectification.objects.select_for_update().get(pk=rectification.pk)
    new = rules.verdict_status(verdict)
    if new is None:
        raise ValidationError({"verdict": _("Choose to close it, send it back or reopen it.")})
    if verdict not in rules.verdicts_from(stored.status):
        _refuse_move(stored.status, new)
    stored.status = new
    stored.verified_by = user if user is not None and user.is_authenticated else None
    stored.verification_note = note.strip()
    if rules.verdict_needs_note(verdict) and not stored.verification_note:
        raise ValidationError(
            {"note": _("Say what is still wrong, so the responsible side knows what to fix.")}
        )
    stored.closed_on = (on or clock.today()) if new == RectificationStatus.CLOSED else None
    with translation.override(settings.LANGUAGE_CODE):  # the record's own language
        reason = str(RectificationStatus(new).label)
    try:
        save_validated(stored, user=user, reason=reason)
    except ValidationError as error:
        if "closed_on" in error.message_dict:
            raise ValidationError({"on": error.message_dict["closed_on"]}) from error
        raise
    return stored


@transaction.atomic
def report_request(*, street, kind: str, day, user) -> Report:
    """Ask for a street's report of the week or month holding ``day``; it is (re)built by a
    Celery task once this transaction commits."""
    report = report_pending(street=street, kind=kind, day=day, user=user)
    transaction.on_commit(lambda: build_report.delay(report_id=report.pk))
    return report


@transaction.atomic
def report_update_notes(*, report: Report, user, review_notes: str) -> Report:
    """Keep the notes of the monthly on-site review meeting (现场总结观摩会) on the report; the
    spreadsheet is rebuilt to carry them."""
    require_perm(user, "progress.change_report", report)
    report.review_notes = review_notes
    report.status = ReportStatus.PENDING
    save_validated(report, user=user)
    transaction.on_commit(lambda: build_report.delay(report_id=report.pk))
    return report
