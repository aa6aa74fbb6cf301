"""Pages of the progress app: work items and schedules, daily logs, weekly meetings and the
register of problems."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from compounds.permissions import require_object_perm
from compounds.selectors import compound_choices, compound_list, street_list

from . import exports, selectors, services
from .choices import RectificationSource, ReportStatus
from .filtersets import DailyLogFilterSet, RectificationFilterSet
from .forms import (
    DailyLogForm,
    MilestoneForm,
    RectificationForm,
    RectificationVerifyForm,
    RectificationWorkForm,
    ReportRequestForm,
    ReviewNotesForm,
    WeeklyMeetingForm,
    WorkItemForm,
)
from .models import DailyLogPhoto, Milestone


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


def _require_change(user, compound):
    require_object_perm(
        user,
        "compounds.change_compound",
        compound,
        _("Your role may not change this compound's plan."),
    )


@permission_required("progress.view_workitem", raise_exception=True)
def compound_progress(request, pk):
    compound = _compound(request, pk)
    items = selectors.compound_work_items(compound=compound)
    return render(
        request,
        "progress/compound_progress.html",
        {
            "compound": compound,
            "items": items,
            "progress": selectors.compound_progress(items=items),
            "schedule": selectors.compound_schedule(compound=compound),
            "can_change": request.user.has_perm("compounds.change_compound", compound),
        },
    )


def _warn_if_schedule_does_not_fit(request, compound):
    shortfall = selectors.compound_schedule(compound=compound)["shortfall"]
    if shortfall:
        messages.warning(
            request,
            ngettext(
                "Saved, but the milestones cannot fit before the deadline: %(days)d working "
                "day is missing. Shorten a step or ask for a later deadline.",
                "Saved, but the milestones cannot fit before the deadline: %(days)d working "
                "days are missing. Shorten a step or ask for a later deadline.",
                shortfall,
            )
            % {"days": shortfall},
        )


def _edit(request, *, compound, form, save, template, done_message, instance=None):
    """Validate ``form``, hand its data to ``save``; on success go back to the schedule."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done_message)
            if isinstance(saved, Milestone):
                _warn_if_schedule_does_not_fit(request, compound)
            return redirect("progress:compound_progress", pk=compound.pk)
    return render(request, template, {"form": form, "compound": compound, "object": instance})


@permission_required("progress.add_workitem", raise_exception=True)
def work_item_create(request, compound_pk):
    compound = _compound(request, compound_pk)
    _require_change(request.user, compound)
    return _edit(
        request,
        compound=compound,
        form=WorkItemForm(request.POST or None, compound=compound),
        save=lambda **data: services.work_item_create(user=request.user, compound=compound, **data),
        template="progress/workitem_form.html",
        done_message=_("Work item added."),
    )


@permission_required("progress.view_workitem", raise_exception=True)
def work_item_update(request, pk):
    item = get_object_or_404(selectors.work_item_list(user=request.user), pk=pk)
    require_object_perm(request.user, "progress.change_workitem", item)
    return _edit(
        request,
        compound=item.compound,
        form=WorkItemForm(request.POST or None, instance=item, compound=item.compound),
        save=lambda **data: services.work_item_update(work_item=item, user=request.user, **data),
        template="progress/workitem_form.html",
        done_message=_("Changes saved."),
        instance=item,
    )


@permission_required("progress.add_milestone", raise_exception=True)
def milestone_create(request, compound_pk):
    compound = _compound(request, compound_pk)
    _require_change(request.user, compound)
    last = compound.milestones.order_by("-order").values_list("order", flat=True).first()
    return _edit(
        request,
        compound=compound,
        form=MilestoneForm(request.POST or None, initial={"order": (last or 0) + 1}),
        save=lambda **data: services.milestone_create(user=request.user, compound=compound, **data),
        template="progress/milestone_form.html",
        done_message=_("Milestone added."),
    )


@permission_required("progress.view_milestone", raise_exception=True)
def milestone_update(request, pk):
    milestone = get_object_or_404(selectors.milestone_list(user=request.user), pk=pk)
    require_object_perm(request.user, "progress.change_milestone", milestone)
    return _edit(
        request,
        compound=milestone.compound,
        form=MilestoneForm(request.POST or None, instance=milestone),
        save=lambda **data: services.milestone_update(
            milestone=milestone, user=request.user, **data
        ),
        template="progress/milestone_form.html",
        done_message=_("Changes saved."),
        instance=milestone,
    )


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_list(request):
    context = filtered_page(request, DailyLogFilterSet, selectors.daily_log_list(user=request.user))
    if response := list_export(request, context, exports.DAILY_LOGS):
        return response
    today = timezone.localdate()
    return render(
        request,
        "progress/dailylog_list.html",
        {
            **context,
            "today": today,
            "missing": selectors.compounds_without_log(user=request.user, day=today),
            "can_add": request.user.has_perm("progress.add_dailylog"),
        },
    )


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_detail(request, pk):
    log = get_object_or_404(selectors.daily_log_list(user=request.user), pk=pk)
    return render(
        request,
        "progress/dailylog_detail.html",
        {
            "log": log,
            **selectors.daily_log_detail(log=log),
            "can_change": request.user.has_perm("progress.change_dailylog", log),
        },
    )


@permission_required("progress.add_dailylog", raise_exception=True)
def dailylog_create(request, compound_pk):
    compound = _compound(request, compound_pk)
    _require_change(request.user, compound)
    today = timezone.localdate()
    previous = None
    if request.GET.get("copy"):
        previous = selectors.previous_log(compound=compound, before=today)
        if previous is None:
            messages.info(request, _("There is no earlier log to copy."))
    existing = compound.daily_logs.filter(date=today).first()
    if existing is not None and request.method == "GET" and not request.GET.get("other_day"):
        messages.info(request, _("Today's log is already filed: change it here."))
        return redirect("progress:dailylog_update", pk=existing.pk)
    form = DailyLogForm(
        request.POST or None,
        request.FILES or None,
        compound=compound,
        previous=previous,
        totals=selectors.work_item_totals(compound=compound),
        initial={"date": today},
    )
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        arguments.pop("reason")
        try:
            log = services.daily_log_create(user=request.user, compound=compound, **arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The day's log is filed."))
            return redirect(log)
    return render(
        request,
        "progress/dailylog_form.html",
        {"form": form, "compound": compound, "previous": previous},
    )


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_update(request, pk):
    log = get_object_or_404(selectors.daily_log_list(user=request.user), pk=pk)
    require_object_perm(request.user, "progress.change_dailylog", log)
    form = DailyLogForm(
        request.POST or None,
        request.FILES or None,
        compound=log.compound,
        log=log,
        totals=selectors.work_item_totals(compound=log.compound, exclude_log=log),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.daily_log_update(log=log, user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(log)
    return render(
        request,
        "progress/dailylog_form.html",
        {"form": form, "compound": log.compound, "log": log},
    )


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_photo(request, pk):
    """Serve a site photo to those who may read its log; photos are not public files."""
    photo = get_object_or_404(
        DailyLogPhoto.objects.filter(log__in=selectors.daily_log_list(user=request.user)), pk=pk
    )
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@permission_required("progress.view_weeklymeeting", raise_exception=True)
def meeting_list(request):
    page = Paginator(selectors.meeting_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "progress/meeting_list.html",
        {"page": page, "can_add": request.user.has_perm("progress.add_weeklymeeting")},
    )


@permission_required("progress.add_weeklymeeting", raise_exception=True)
def meeting_create(request):
    form = WeeklyMeetingForm(
        request.POST or None,
        streets=street_list(user=request.user),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(meeting)
    return render(request, "progress/meeting_form.html", {"form": form})


@permission_required("progress.view_weeklymeeting", raise_exception=True)
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    can_raise = request.user.has_perm("progress.add_rectification")
    return render(
        request,
        "progress/meeting_detail.html",
        {
            "meeting": meeting,
            **selectors.meeting_problems(meeting=meeting, user=request.user),
            "can_change": request.user.has_perm("progress.change_weeklymeeting", meeting),
            "can_raise": can_raise,
        },
    )


@permission_required("progress.view_weeklymeeting", raise_exception=True)
def meeting_update(request, pk):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    require_object_perm(request.user, "progress.change_weeklymeeting", meeting)
    form = WeeklyMeetingForm(request.POST or None, instance=meeting, streets=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting)
    return render(request, "progress/meeting_form.html", {"form": form, "meeting": meeting})


@permission_required("progress.view_rectification", raise_exception=True)
def rectification_list(request):
    problems = selectors.rectification_list(user=request.user)
    context = filtered_page(request, RectificationFilterSet, problems)
    if response := list_export(request, context, exports.RECTIFICATIONS):
        return response
    summary = selectors.rectification_summary(queryset=problems)
    form = context["filterset"].form
    return render(
        request,
        "progress/rectification_list.html",
        {
            **context,
            "summary": summary,
            "summary_tables": [
                {"key": "source", "title": _("By source"), "rows": summary["by_source"]},
                {
                    "key": "level",
                    "title": _("By level that raised it"),
                    "rows": summary["by_level"],
                },
            ],
            "filter_fields": [
                form[n] for n in ("q", "status", "source", "level", "age", "unresolved", "overdue")
            ],
        },
    )


@permission_required("progress.add_rectification", raise_exception=True)
def rectification_create(request, meeting_pk):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=meeting_pk)
    compounds = compound_choices(user=request.user).filter(community__street=meeting.street_id)
    form = RectificationForm(
        request.POST or None,
        compounds=compounds,
        initial={"deadline": timezone.localdate() + datetime.timedelta(days=7)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_create(
                user=request.user,
                meeting=meeting,
                source=RectificationSource.WEEKLY_MEETING,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Problem recorded."))
            return redirect(meeting)
    return render(request, "progress/rectification_form.html", {"form": form, "meeting": meeting})


def _problem(request, pk):
    return get_object_or_404(selectors.rectification_list(user=request.user), pk=pk)


def _problem_page(request, problem, *, work_form=None, verify_form=None, status=200):
    """A problem's page: where it came from, who answers for it, its loop and history, and
    the forms the user may use (bound ones keep their errors)."""
    user = request.user
    can_work = user.has_perm("progress.change_rectification", problem)
    can_verify = user.has_perm("progress.verify_rectification", problem)
    if can_work and work_form is None:
        work_form = RectificationWorkForm(instance=problem, compounds=compound_choices(user=user))
    if can_verify and verify_form is None:
        verify_form = RectificationVerifyForm(rectification=problem)
    if verify_form is not None and not verify_form.fields["verdict"].choices:
        verify_form = None  # nothing to verify in this status
    return render(
        request,
        "progress/rectification_detail.html",
        {
            "problem": problem,
            **selectors.rectification_detail(rectification=problem),
            "work_form": work_form if can_work else None,
            "verify_form": verify_form if can_verify else None,
        },
        status=status,
    )


@permission_required("progress.view_rectification", raise_exception=True)
def rectification_detail(request, pk):
    return _problem_page(request, _problem(request, pk))


@permission_required("progress.view_rectification", raise_exception=True)
def rectification_update(request, pk):
    problem = _problem(request, pk)
    require_object_perm(request.user, "progress.change_rectification", problem)
    if request.method != "POST":
        return redirect(problem)
    form = RectificationWorkForm(
        request.POST, instance=problem, compounds=compound_choices(user=request.user)
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("change_reason", "")
        try:
            services.rectification_update(
                rectification=problem, user=request.user, reason=reason, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(problem)
    # The form has set the refused values on the instance: show the problem as stored.
    return _problem_page(request, _problem(request, pk), work_form=form)


@require_POST
@permission_required("progress.view_rectification", raise_exception=True)
def rectification_verify(request, pk):
    problem = _problem(request, pk)
    require_object_perm(
        request.user,
        "progress.verify_rectification",
        problem,
        _("Only the level that raised this problem (%(level)s) may verify its fix.")
        % {"level": problem.get_level_display()},
    )
    form = RectificationVerifyForm(request.POST, rectification=problem)
    if form.is_valid():
        try:
            services.rectification_verify(
                rectification=problem, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your verdict is recorded."))
            return redirect(problem)
    return _problem_page(request, _problem(request, pk), verify_form=form)


@permission_required("progress.view_report", raise_exception=True)
def report_list(request):
    streets = street_list(user=request.user)
    can_request = request.user.has_perm("progress.add_report")
    form = ReportRequestForm(
        request.POST or None, streets=streets, initial={"day": timezone.localdate()}
    )
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied(_("Your role may not ask for reports."))
        if form.is_valid():
            report = services.report_request(user=request.user, **form.cleaned_data)
            messages.success(
                request, _("The report is being built: %(report)s.") % {"report": report}
            )
            return redirect("progress:report_list")
    page = Paginator(selectors.report_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "progress/report_list.html",
        {"page": page, "form": form, "can_request": can_request},
    )


@permission_required("progress.view_report", raise_exception=True)
def report_download(request, pk):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404(_("This report is not built yet."))
    filename = f"{report.street.name}-{report.get_kind_display()}-{report.period_start}.xlsx"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=filename)


def notice_list(request):
    """Every logged-in user's own notices; opening the page marks them read."""
    notices = list(request.user.notices.all()[:100])
    selectors.unread_notices(user=request.user).update(read_at=timezone.now())
    return render(request, "progress/notice_list.html", {"notices": notices})


@permission_required("progress.view_report", raise_exception=True)
def report_detail(request, pk):
    """The report as a page to read or print, its figures computed from the records."""
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    can_change = request.user.has_perm("progress.change_report", report)
    form = ReviewNotesForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Your role may not change this record."))
        if form.is_valid():
            services.report_update_notes(report=report, user=request.user, **form.cleaned_data)
            messages.success(request, _("Notes saved; the spreadsheet is being rebuilt."))
            return redirect("progress:report_detail", pk=report.pk)
    figures = selectors.report_figures(
        street=report.street, start=report.period_start, end=report.period_end
    )
    return render(
        request,
        "progress/report_detail.html",
        {"report": report, "figures": figures, "form": form, "can_change": can_change},
    )
