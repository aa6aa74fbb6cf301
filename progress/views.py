"""Pages of the progress app: work items and schedules, daily logs, weekly meetings and the
register of problems."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common import clock
from common.exports import list_export
from common.forms import filtered_page, style_form
from common.views import EditView
from common.workbooks import xlsx_download
from compounds.filtersets import CompoundFilterSet
from compounds.permissions import require_object_perm
from compounds.selectors import compound_choices, compound_list, compound_scope, street_list

from . import exports, gantt, reports, selectors, services
from .choices import RectificationSource, ReportStatus
from .filtersets import DailyLogFilterSet, RectificationFilterSet, WeeklyMeetingFilterSet
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
from .models import DailyLogPhoto


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


# The filters the wall chart offers (CompoundFilterSet's: a link from another page may bring
# any of its others, which apply too).
PROGRAMME_FILTERS = ("plan", "street", "community", "status")


@permission_required("progress.view_milestone", raise_exception=True)
def programme_chart(request):
    """The wall chart (挂图作战): every compound in scope and the filters, a line each with its
    milestones planned backwards from the deadline, the riskiest first; prints on A3."""
    filterset = CompoundFilterSet(
        request.GET, queryset=compound_scope(user=request.user), request=request
    )
    style_form(filterset.form)
    compounds = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return render(
        request,
        "progress/programme_chart.html",
        {
            "filterset": filterset,
            "fields": [filterset.form[name] for name in PROGRAMME_FILTERS],
            "chart": selectors.programme_chart(compounds=compounds),
            "tight_slack": gantt.TIGHT_SLACK,
            # A compound's progress page, its id and "/" after: one reverse for hundreds of lines
            "progress_path": reverse("progress:compound_progress", kwargs={"pk": 0})[:-2],
        },
        status=400 if filterset.errors else 200,
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


class ScheduleEdit(EditView):
    """Add or change a work item or a milestone of a compound's plan; back to the schedule."""

    object_permission_message = _("Your role may not change this compound's plan.")
    add_title = edit_title = ""

    def get_object(self):
        self.compound = _compound(self.request, self.kwargs["compound_pk"])
        return None

    def permission_target(self):
        return self.compound

    def service_kwargs(self):
        return {"compound": self.compound}

    def get_success_url(self, obj):
        return reverse("progress:compound_progress", args=[self.compound.pk])

    def get_context_data(self, **context):
        schedule = reverse("progress:compound_progress", args=[self.compound.pk])
        return {
            **context,
            "compound": self.compound,
            "title": self.edit_title if self.object else self.add_title,
            "breadcrumbs": [
                (self.compound.name, self.compound.get_absolute_url()),
                (_("Work items and schedule"), schedule),
            ],
            "cancel_url": schedule,
        }


class ScheduleUpdate(ScheduleEdit):
    """The same pages for an existing row: read through its selector, checked on itself."""

    selector = None

    def get_object(self):
        row = get_object_or_404(type(self).selector(user=self.request.user), pk=self.kwargs["pk"])
        self.compound = row.compound
        return row

    def permission_target(self):
        return self.object

    def service_kwargs(self):
        return {self.instance_name: self.object}


class WorkItemCreate(ScheduleEdit):
    permission = "progress.add_workitem"
    object_permission = "compounds.change_compound"
    form_class = WorkItemForm
    service = services.work_item_create
    success_message = _lazy("Work item added.")
    add_title, edit_title = _lazy("Add a work item"), _lazy("Edit work item")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "compound": self.compound}


class WorkItemUpdate(ScheduleUpdate, WorkItemCreate):
    permission = "progress.view_workitem"
    object_permission = "progress.change_workitem"
    object_permission_message = EditView.object_permission_message
    selector = selectors.work_item_list
    service = services.work_item_update
    instance_name = "work_item"
    success_message = EditView.success_message


class MilestoneCreate(ScheduleEdit):
    permission = "progress.add_milestone"
    object_permission = "compounds.change_compound"
    form_class = MilestoneForm
    service = services.milestone_create
    success_message = _lazy("Milestone added.")
    add_title, edit_title = _lazy("Add a milestone"), _lazy("Edit milestone")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is None:
            last = self.compound.milestones.order_by("-order").values_list("order", flat=True)
            kwargs["initial"] = {"order": (last.first() or 0) + 1}
        return kwargs

    def after_save(self, obj):
        shortfall = selectors.compound_schedule(compound=self.compound)["shortfall"]
        if shortfall:
            messages.warning(
                self.request,
                ngettext(
                    "Saved, but the milestones cannot fit before the deadline: %(days)d working "
                    "day is missing. Shorten a step or ask for a later deadline.",
                    "Saved, but the milestones cannot fit before the deadline: %(days)d working "
                    "days are missing. Shorten a step or ask for a later deadline.",
                    shortfall,
                )
                % {"days": shortfall},
            )


class MilestoneUpdate(ScheduleUpdate, MilestoneCreate):
    permission = "progress.view_milestone"
    object_permission = "progress.change_milestone"
    object_permission_message = EditView.object_permission_message
    selector = selectors.milestone_list
    service = services.milestone_update
    instance_name = "milestone"
    success_message = EditView.success_message


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_list(request):
    context = filtered_page(request, DailyLogFilterSet, selectors.daily_log_list(user=request.user))
    if response := list_export(request, context, exports.DAILY_LOGS):
        return response
    today = clock.today()
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


class DailyLogCreate(EditView):
    """File today's log of a compound (or another day's), on a phone at the site."""

    permission = "progress.add_dailylog"
    object_permission = "compounds.change_compound"
    object_permission_message = _lazy("Your role may not change this compound's plan.")
    form_class = DailyLogForm
    template_name = "progress/dailylog_form.html"
    service = services.daily_log_create
    success_message = _lazy("The day's log is filed.")

    def get_object(self):
        self.compound = _compound(self.request, self.kwargs["compound_pk"])
        self.previous = None
        return None

    def permission_target(self):
        return self.compound

    def check_object_permission(self):
        super().check_object_permission()
        if self.object is None and self.request.GET.get("copy"):  # "copy yesterday"
            today = clock.today()
            self.previous = selectors.previous_log(compound=self.compound, before=today)
            if self.previous is None:
                messages.info(self.request, _("There is no earlier log to copy."))

    def get(self, request, *args, **kwargs):
        today = clock.today()
        existing = self.compound.daily_logs.filter(date=today).first()
        if existing is not None and not request.GET.get("other_day"):
            messages.info(request, _("Today's log is already filed: change it here."))
            return redirect("progress:dailylog_update", pk=existing.pk)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            "compound": self.compound,
            "previous": self.previous,
            "totals": selectors.work_item_totals(compound=self.compound),
            "initial": {"date": clock.today()},
        }

    def service_kwargs(self):
        return {"compound": self.compound}

    def service_arguments(self, form):
        arguments = form.service_arguments()
        arguments.pop("reason")
        return arguments

    def get_context_data(self, **context):
        return {**context, "compound": self.compound, "previous": self.previous}


class DailyLogUpdate(DailyLogCreate):
    """Change a day's log within its edit window (the service says who may, and until when)."""

    permission = "progress.view_dailylog"
    object_permission = "progress.change_dailylog"
    object_permission_message = EditView.object_permission_message
    service = services.daily_log_update
    instance_name = "log"
    success_message = EditView.success_message

    def get_object(self):
        log = get_object_or_404(
            selectors.daily_log_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        self.compound, self.previous = log.compound, None
        return log

    def permission_target(self):
        return self.object

    def get(self, request, *args, **kwargs):
        return EditView.get(self, request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            "compound": self.compound,
            "log": self.object,
            "totals": selectors.work_item_totals(compound=self.compound, exclude_log=self.object),
        }

    def service_kwargs(self):
        return {"log": self.object}

    def service_arguments(self, form):
        return form.service_arguments()

    def get_context_data(self, **context):
        return {**context, "compound": self.compound, "log": self.object}


@permission_required("progress.view_dailylog", raise_exception=True)
def dailylog_photo(request, pk):
    """Serve a site photo to those who may read its log; photos are not public files."""
    photo = get_object_or_404(
        DailyLogPhoto.objects.filter(log__in=selectors.daily_log_list(user=request.user)), pk=pk
    )
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@permission_required("progress.view_weeklymeeting", raise_exception=True)
def meeting_list(request):
    context = filtered_page(
        request, WeeklyMeetingFilterSet, selectors.meeting_list(user=request.user)
    )
    if response := list_export(request, context, exports.MEETINGS):
        return response
    return render(
        request,
        "progress/meeting_list.html",
        {**context, "can_add": request.user.has_perm("progress.add_weeklymeeting")},
    )


class MeetingCreate(EditView):
    permission = "progress.add_weeklymeeting"
    form_class = WeeklyMeetingForm
    service = services.meeting_create
    success_message = _lazy("Meeting recorded.")

    def get_form_kwargs(self):
        return {
            "streets": street_list(user=self.request.user),
            "initial": {"date": clock.today()},
        }

    def get_context_data(self, **context):
        return {
            **context,
            "title": _("Record a meeting"),
            "width": "col-lg-7",
            "cancel_url": reverse("progress:meeting_list"),
        }


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


class MeetingUpdate(EditView):
    permission = "progress.view_weeklymeeting"
    object_permission = "progress.change_weeklymeeting"
    form_class = WeeklyMeetingForm
    service = services.meeting_update
    instance_name = "meeting"

    def get_object(self):
        return get_object_or_404(
            selectors.meeting_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {"instance": self.object, "streets": None}

    def get_context_data(self, **context):
        return {
            **context,
            "title": _("Edit meeting"),
            "width": "col-lg-7",
            "cancel_url": self.object.get_absolute_url(),
        }


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


class RectificationCreate(EditView):
    """Raise a problem at a weekly meeting (周例会)."""

    permission = "progress.add_rectification"
    form_class = RectificationForm
    service = services.rectification_create
    success_message = _lazy("Problem recorded.")

    def get_object(self):
        self.meeting = get_object_or_404(
            selectors.meeting_list(user=self.request.user), pk=self.kwargs["meeting_pk"]
        )
        return None

    def get_form_kwargs(self):
        compounds = compound_choices(user=self.request.user)
        return {
            "compounds": compounds.filter(community__street=self.meeting.street_id),
            "initial": {"deadline": clock.today() + datetime.timedelta(days=7)},
        }

    def service_kwargs(self):
        return {"meeting": self.meeting, "source": RectificationSource.WEEKLY_MEETING}

    def get_success_url(self, obj):
        return self.meeting.get_absolute_url()

    def get_context_data(self, **context):
        return {
            **context,
            "title": _("Raise a problem"),
            "width": "col-lg-7",
            "breadcrumbs": [(self.meeting.title, self.meeting.get_absolute_url())],
            "cancel_url": self.meeting.get_absolute_url(),
        }


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


class ProblemEdit(EditView):
    """A form on a problem's page (its follow-up, its verification): a refusal shows the page
    again, with the problem as stored and the form with its reasons."""

    permission = "progress.view_rectification"
    instance_name = "rectification"
    page_form = ""

    def get_object(self):
        return _problem(self.request, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return redirect(self.object)

    def render_form(self, form, status=200):
        # The form has set the refused values on the instance: show the problem as stored.
        problem = _problem(self.request, self.kwargs["pk"])
        return _problem_page(self.request, problem, **{self.page_form: form})


class RectificationUpdate(ProblemEdit):
    object_permission = "progress.change_rectification"
    form_class = RectificationWorkForm
    service = services.rectification_update
    page_form = "work_form"

    def get_form_kwargs(self):
        return {"instance": self.object, "compounds": compound_choices(user=self.request.user)}

    def service_arguments(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("change_reason", "")
        return {**data, "reason": reason}


@method_decorator(require_POST, name="dispatch")
class RectificationVerify(ProblemEdit):
    object_permission = "progress.verify_rectification"
    form_class = RectificationVerifyForm
    service = services.rectification_verify
    page_form = "verify_form"
    success_message = _lazy("Your verdict is recorded.")

    def check_object_permission(self):
        if not self.request.user.has_perm(self.object_permission, self.object):
            raise PermissionDenied(
                _("Only the level that raised this problem (%(level)s) may verify its fix.")
                % {"level": self.object.get_level_display()}
            )

    def get_form_kwargs(self):
        return {"rectification": self.object}


@permission_required("progress.view_report", raise_exception=True)
def report_list(request):
    streets = street_list(user=request.user)
    can_request = request.user.has_perm("progress.add_report")
    form = ReportRequestForm(request.POST or None, streets=streets, initial={"day": clock.today()})
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
    content = reports.report_content(report, user=request.user)
    if content is not None:  # a narrower scope than the street's stored file
        return xlsx_download(content, filename)
    return xlsx_download(report.file.open("rb"), filename)


def notice_list(request):
    """Every logged-in user's own notices; opening the page marks them read."""
    notices = list(request.user.notices.all()[:100])
    selectors.unread_notices(user=request.user).update(read_at=clock.now())
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
        street=report.street, start=report.period_start, end=report.period_end, user=request.user
    )
    return render(
        request,
        "progress/report_detail.html",
        {"report": report, "figures": figures, "form": form, "can_change": can_change},
    )
