"""Writes of the progress records: validated in full, within the user's scope, with history."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import effects
from compounds.choices import CompoundStatus
from compounds.models import Compound
from compounds.permissions import require_object_perm
from compounds.selectors import Level, in_scope, scope_for, staff_covering
from compounds.services import (
    apply_fields,
    compound_update,
    require_in_scope,
    require_perm,
    save_validated,
)

from . import rules
from .choices import RectificationStatus, ReportStatus
from .models import (
    DailyLog,
    DailyLogEntry,
    DailyLogPhoto,
    Milestone,
    Notice,
    Rectification,
    Report,
    WeeklyMeeting,
    WorkItem,
)
from .selectors import (
    compound_schedule,
    compounds_without_log,
    report_figures,
    work_item_done,
    working_calendar,
)
from .spreadsheets import report_workbook


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


# --- Figures kept up to date on write ----------------------------------------------------------
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
    it is overdue, and each compound's latest start (that of its first milestone). Return how
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
        for compound in compounds.only("pk", "latest_start", "plan__target_completion_date"):
            steps = milestones.get(compound.pk, [])
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
    totals = work_item_done(work_items=list(touched))
    for item in touched:
        row = totals.get(item.pk) or {}
        done = row.get("quantity") or Decimal(0)
        done_area = row.get("area") or Decimal(0)
        if (item.done_quantity, item.done_area) != (done, done_area):
            item.done_quantity, item.done_area = done, done_area
            save_validated(item, user=user, reason=_("daily log of %(date)s") % {"date": log.date})
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
    if rules.is_verifier_move(current, new):
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
    new = rules.VERDICTS.get(verdict)
    if new is None:
        raise ValidationError({"verdict": _("Choose to close it, send it back or reopen it.")})
    if not rules.is_verifier_move(stored.status, new):
        _refuse_move(stored.status, new)
    stored.status = new
    stored.verified_by = user if user is not None and user.is_authenticated else None
    stored.verification_note = note.strip()
    if new == RectificationStatus.SENT_BACK and not stored.verification_note:
        raise ValidationError(
            {"note": _("Say what is still wrong, so the responsible side knows what to fix.")}
        )
    stored.closed_on = (on or timezone.localdate()) if new == RectificationStatus.CLOSED else None
    with translation.override(settings.LANGUAGE_CODE):  # the record's own language
        reason = str(RectificationStatus(new).label)
    try:
        save_validated(stored, user=user, reason=reason)
    except ValidationError as error:
        if "closed_on" in error.message_dict:
            raise ValidationError({"on": error.message_dict["closed_on"]}) from error
        raise
    return stored


def remind_overdue_rectifications(*, today) -> int:
    """Each day, tell the staff who answer for each overdue problem (assigned to its compound,
    community or street, and allowed to work on it) that it is past its deadline."""
    sent = 0
    overdue = Rectification.objects.filter(
        status__in=rules.UNRESOLVED, deadline__lt=today
    ).select_related("compound__community")
    for problem in overdue:
        for user in staff_covering(
            problem.compound, perm="progress.change_rectification", obj=problem
        ):
            sent += notify(
                user=user,
                key=f"overdue-rectification:{problem.pk}:{today}",
                message=_("%(compound)s: “%(what)s” was due on %(deadline)s and is not fixed.")
                % {
                    "compound": problem.compound.name,
                    "what": problem.description[:40],
                    "deadline": problem.deadline,
                },
                url=problem.get_absolute_url(),
            )
    return sent


@transaction.atomic
def report_request(*, street, kind: str, day, user) -> Report:
    """Ask for a street's report of the week or month holding ``day``; it is (re)built by a
    Celery task once this transaction commits."""
    from .tasks import build_report

    start, end = rules.report_period(kind, day)
    report = Report.objects.filter(street=street, kind=kind, period_start=start).first()
    if report is None:
        report = Report(
            street=street,
            kind=kind,
            period_start=start,
            period_end=end,
            requested_by=user if user is not None and user.is_authenticated else None,
        )
    if user is not None and not in_scope(user, report):
        raise PermissionDenied(_("You may only ask for your own street's reports."))
    report.status = ReportStatus.PENDING
    report.error = ""
    save_validated(report, user=user)
    transaction.on_commit(lambda: build_report.delay(report_id=report.pk))
    return report


def report_build(*, report_id: int) -> Report:
    """Compute a report's figures and store them as a spreadsheet; safe to run twice."""
    report = Report.objects.select_related("street").get(pk=report_id)
    with translation.override(settings.LANGUAGE_CODE):
        figures = report_figures(street=report.street, start=report.period_start,
                                 end=report.period_end)  # fmt: skip
        content = report_workbook(report, figures)
    if report.file:
        report.file.delete(save=False)
    report.file.save(f"{report.kind}.xlsx", ContentFile(content), save=False)
    report.status = ReportStatus.READY
    report.built_at = timezone.now()
    report.error = ""
    save_validated(report, user=None, reason=_("built"))
    return report


def notify(*, user, key: str, message: str, url: str = "") -> bool:
    """Send ``user`` an in-app notice once per ``key`` (and an e-mail where mail is set up);
    return whether it is new."""
    notice, created = Notice.objects.get_or_create(
        user=user, key=key, defaults={"message": message, "url": url}
    )
    if created and user.email and settings.EMAIL_HOST:
        send_mail(str(message), f"{message}\n{url}", None, [user.email], fail_silently=True)
    return created


def remind_missing_logs(*, day) -> int:
    """Remind the staff of each compound under construction with no log on ``day``."""
    from compounds.models import Assignment

    sent = 0
    for compound in compounds_without_log(user=None, day=day):
        users = {
            a.user
            for a in Assignment.objects.select_related("user").filter(
                Q(community=compound.community_id) | Q(compound=compound.pk)
            )
            if a.user.is_active and a.user.has_perm("progress.add_dailylog")
        }
        for user in users:
            sent += notify(
                user=user,
                key=f"missing-log:{compound.pk}:{day}",
                message=_("%(compound)s has no daily log for %(day)s yet.")
                % {"compound": compound.name, "day": day},
                url=reverse("progress:dailylog_create", kwargs={"compound_pk": compound.pk}),
            )
    return sent


def notify_overdue_milestones(*, today) -> int:
    """Tell the staff of each compound about its milestones that went overdue."""
    from compounds.models import Assignment

    calendar = working_calendar()
    sent = 0
    compounds = Compound.objects.filter(milestones__isnull=False).distinct()
    for compound in compounds.select_related("plan", "community"):
        rows = compound_schedule(compound=compound, calendar=calendar, today=today)["rows"]
        late = [r for r in rows if r.overdue]
        if not late:
            continue
        users = {
            a.user for a in Assignment.objects.select_related("user").filter(
                Q(community=compound.community_id) | Q(street=compound.community.street_id)
            ) if a.user.is_active
        }  # fmt: skip
        for user in users:
            for row in late:
                sent += notify(
                    user=user,
                    key=f"overdue-milestone:{row.milestone.pk}",
                    message=_("%(compound)s: milestone “%(name)s” is overdue.")
                    % {"compound": compound.name, "name": row.milestone.name},
                    url=reverse("progress:compound_progress", kwargs={"pk": compound.pk}),
                )
    return sent


@transaction.atomic
def report_update_notes(*, report: Report, user, review_notes: str) -> Report:
    """Keep the notes of the monthly on-site review meeting (现场总结观摩会) on the report; the
    spreadsheet is rebuilt to carry them."""
    require_perm(user, "progress.change_report", report)
    report.review_notes = review_notes
    report.status = ReportStatus.PENDING
    save_validated(report, user=user)
    from .tasks import build_report

    transaction.on_commit(lambda: build_report.delay(report_id=report.pk))
    return report
