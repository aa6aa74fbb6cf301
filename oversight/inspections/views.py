"""Pages of the district inspections (督导): the list, a visit's page with its requirements, the
problems they raised, the street's answer and the figures then and now; recording and
correcting a visit and adding requirements (the inspection group); answering (the street)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exports import list_export
from common.forms import add_service_errors, filtered_page

from . import exports, selectors, services
from .filtersets import InspectionFilterSet
from .forms import AnswerForm, InspectionForm, RequirementForm
from .models import Inspection

VIEW = "oversight.view_inspection"


def _inspection(request, pk) -> Inspection:
    return get_object_or_404(selectors.inspection_list(user=request.user), pk=pk)


def _require_recorder(request, inspection, message):
    if not services.may_record(request.user, inspection):
        raise PermissionDenied(message)


@permission_required(VIEW, raise_exception=True)
def inspection_list(request):
    context = filtered_page(
        request, InspectionFilterSet, selectors.inspection_list(user=request.user)
    )
    if response := list_export(request, context, exports.INSPECTIONS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/inspections/inspection_list.html",
        {
            **context,
            "filter_fields": [
                form[name]
                for name in ("q", "street", "date_from", "date_to", "answered", "compound")
            ],
            "can_add": services.may_record(request.user),
        },
    )


def _last_group(user) -> str:
    """The group the user last recorded a visit for: most visits are by the same group."""
    last = Inspection.objects.filter(recorded_by=user).order_by("-created").first()
    return last.group if last else ""


@permission_required("oversight.add_inspection", raise_exception=True)
def inspection_create(request):
    """Record a visit: choose the street first (when the user covers several), then the
    visit; the street's figures are frozen on it as they stand."""
    streets = selectors.inspection_street_choices(user=request.user)
    chosen = request.POST.get("street") or request.GET.get("street") or ""
    street = streets.filter(pk=chosen).first() if chosen.isdigit() else None
    if street is None and not chosen:
        only = list(streets[:2])
        street = only[0] if len(only) == 1 else None
    if street is None:
        if chosen:
            messages.error(request, _("Choose one of the streets you cover."))
        return render(
            request,
            "oversight/inspections/inspection_form.html",
            {"streets": streets, "choosing_street": True},
        )
    form = InspectionForm(
        request.POST or None,
        compounds=selectors.inspection_compound_choices(street=street),
        initial={"date": timezone.localdate(), "group": _last_group(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(
                user=request.user, street=street, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Inspection recorded, with the street's figures as they stand today. Now add "
                  "its requirements."),
            )  # fmt: skip
            return redirect(inspection)
    return render(
        request,
        "oversight/inspections/inspection_form.html",
        {"form": form, "street": street, "several_streets": streets.count() > 1},
    )


def _detail_page(request, inspection, *, answer_form=None, status=200):
    user = request.user
    can_answer = services.may_answer(user, inspection)
    if can_answer and answer_form is None:
        answer_form = AnswerForm(
            initial={
                "answer": inspection.answer,
                "answered_on": inspection.answered_on or timezone.localdate(),
            }
        )
    return render(
        request,
        "oversight/inspections/inspection_detail.html",
        {
            "inspection": inspection,
            **selectors.inspection_detail(inspection=inspection, user=user),
            "can_record": services.may_record(user, inspection),
            "answer_form": answer_form if can_answer else None,
        },
        status=status,
    )


@permission_required(VIEW, raise_exception=True)
def inspection_detail(request, pk):
    return _detail_page(request, _inspection(request, pk))


@permission_required(VIEW, raise_exception=True)
def inspection_update(request, pk):
    inspection = _inspection(request, pk)
    _require_recorder(
        request,
        inspection,
        _("Only the district's inspection group changes its record of a visit; the street "
          "writes its answer on the inspection's page."),
    )  # fmt: skip
    form = InspectionForm(
        request.POST or None,
        instance=inspection,
        compounds=selectors.inspection_compound_choices(street=inspection.street),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_update(
                inspection=inspection, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(inspection)
    return render(
        request,
        "oversight/inspections/inspection_form.html",
        {"form": form, "inspection": inspection, "street": inspection.street},
    )


@permission_required(VIEW, raise_exception=True)
def inspection_requirement_create(request, pk):
    inspection = _inspection(request, pk)
    _require_recorder(
        request,
        inspection,
        _("Only the district's inspection group adds requirements to its inspections."),
    )
    form = RequirementForm(
        request.POST or None,
        compounds=selectors.inspection_compound_choices(street=inspection.street),
    )
    if request.method == "POST" and form.is_valid():
        try:
            requirement = services.requirement_add(
                user=request.user, inspection=inspection, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if requirement.rectification_id:
                messages.success(
                    request,
                    _("Requirement added, and put on %(compound)s's problems to fix.")
                    % {"compound": requirement.compound.name},
                )
            else:
                messages.success(request, _("Requirement added."))
            if "another" in request.POST:
                return redirect("oversight:inspection_requirement_create", pk=inspection.pk)
            return redirect(inspection)
    return render(
        request,
        "oversight/inspections/requirement_form.html",
        {"form": form, "inspection": inspection},
    )


@require_POST
@permission_required(VIEW, raise_exception=True)
def inspection_answer(request, pk):
    inspection = _inspection(request, pk)
    if not services.may_answer(request.user, inspection):
        raise PermissionDenied(
            _("Only the street's staff answer an inspection; the inspection group records the "
              "visit and its requirements.")
        )  # fmt: skip
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_answer(
                user=request.user, inspection=inspection, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The street's answer is recorded."))
            return redirect(inspection)
    # The service may have set the refused answer on the instance: show it as stored.
    return _detail_page(request, _inspection(request, pk), answer_form=form)
