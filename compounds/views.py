"""HTML pages of the register: thin, each one permission, selector, form, service, template."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exports import list_export
from common.forms import add_service_errors, filtered_page

from . import exports, selectors, services
from .acceptance import missing_for_acceptance
from .choices import CompoundStatus
from .filtersets import CompoundFilterSet
from .forms import BuildingForm, CompoundForm
from .panels import panels_for
from .permissions import require_object_perm

PAGE_SIZE = 25
# The filters the list page shows; the API takes every filter of the FilterSet.
LIST_FILTERS = ("q", "plan", "community", "status", "started")


@permission_required("compounds.view_compound", raise_exception=True)
def compound_list(request):
    context = filtered_page(
        request, CompoundFilterSet, selectors.compound_list(user=request.user), page_size=PAGE_SIZE
    )
    if response := list_export(request, context, exports.COMPOUNDS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "compounds/compound_list.html",
        {
            **context,
            # The usual filters, and any other the query uses (a dashboard figure's link), so
            # the page always shows what narrows it.
            "filter_fields": [
                form[name]
                for name in form.fields
                if name in LIST_FILTERS or request.GET.get(name, "") != ""
            ],
            "can_add": request.user.has_perm("compounds.add_compound"),
            "today": timezone.localdate(),
        },
    )


@permission_required("compounds.view_compound", raise_exception=True)
def compound_detail(request, pk):
    compound = get_object_or_404(selectors.compound_list(user=request.user), pk=pk)
    return render(
        request,
        "compounds/compound_detail.html",
        {
            "compound": compound,
            "buildings": selectors.compound_buildings(compound=compound),
            "changes": selectors.compound_changes(compound=compound),
            "panels": panels_for(compound, request.user),
            # What acceptance still needs, once the works are under way.
            "acceptance_missing": (
                missing_for_acceptance(compound)
                if compound.status in (CompoundStatus.STARTED, CompoundStatus.COMPLETED)
                else None
            ),
            "can_change": request.user.has_perm("compounds.change_compound", compound),
            "can_add_building": request.user.has_perm("compounds.add_building")
            and request.user.has_perm("compounds.change_compound", compound),
        },
    )


@permission_required("compounds.add_compound", raise_exception=True)
def compound_create(request):
    form = CompoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            compound = services.compound_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Compound “%(name)s” added.") % {"name": compound.name})
            return redirect(compound)
    return render(request, "compounds/compound_form.html", {"form": form})


@permission_required("compounds.view_compound", raise_exception=True)
def compound_update(request, pk):
    compound = get_object_or_404(selectors.compound_list(user=request.user), pk=pk)
    require_object_perm(request.user, "compounds.change_compound", compound)
    form = CompoundForm(request.POST or None, instance=compound, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        reason = fields.pop("change_reason", "")
        try:
            services.compound_update(compound=compound, user=request.user, reason=reason, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(compound)
    return render(request, "compounds/compound_form.html", {"form": form, "compound": compound})


@permission_required("compounds.add_building", raise_exception=True)
def building_create(request, compound_pk):
    compound = get_object_or_404(selectors.compound_list(user=request.user), pk=compound_pk)
    require_object_perm(request.user, "compounds.change_compound", compound)
    form = BuildingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            building = services.building_create(
                user=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Building %(number)s added.") % {"number": building.number})
            return redirect(compound)
    return render(request, "compounds/building_form.html", {"form": form, "compound": compound})


@permission_required("compounds.view_building", raise_exception=True)
def building_update(request, pk):
    building = get_object_or_404(selectors.building_list(user=request.user), pk=pk)
    require_object_perm(request.user, "compounds.change_building", building)
    form = BuildingForm(request.POST or None, instance=building)
    if request.method == "POST" and form.is_valid():
        try:
            services.building_update(building=building, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(building.compound)
    return render(
        request,
        "compounds/building_form.html",
        {"form": form, "compound": building.compound, "building": building},
    )
