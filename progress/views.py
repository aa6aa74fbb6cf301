"""Pages of a compound's progress: its work items and its schedule planned backwards."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compounds.selectors import compound_list
from renovation.forms import add_service_errors

from . import selectors, services
from .forms import MilestoneForm, WorkItemForm
from .models import Milestone


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


def _require_change(user, compound):
    if not user.has_perm("compounds.change_compound", compound):
        raise PermissionDenied(_("Your role may not change this compound's plan."))


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
    if not request.user.has_perm("progress.change_workitem", item):
        raise PermissionDenied(_("Your role may not change this record."))
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
    if not request.user.has_perm("progress.change_milestone", milestone):
        raise PermissionDenied(_("Your role may not change this record."))
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
