"""Pages of the residents' voice: staff. The register of opinions, one opinion with its triage,
moderation and merging, opinions taken down on visits, and what each compound's residents
asked for."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from compounds.permissions import require_object_perm
from compounds.selectors import compound_list

from .. import exports, selectors, services
from ..filtersets import OpinionFilterSet
from ..forms_staff import (
    OpinionMergeForm,
    OpinionModerationForm,
    OpinionRecordForm,
    OpinionTriageForm,
)
from ..models import OpinionPhoto

# The filters the list page shows; the API takes every filter of the FilterSet.
LIST_FILTERS = (
    "q", "compound", "status", "topic", "channel", "assignee", "replied", "overdue",
    "hidden", "merged", "received_from", "received_until",
)  # fmt: skip


def _opinion(request, pk):
    return get_object_or_404(selectors.opinion_list(user=request.user), pk=pk)


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


def slip_url(pk) -> str:
    """The printable slip of an opinion (its page belongs to the public part)."""
    try:
        return reverse("oversight:opinion_slip", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/opinions/{pk}/slip/"


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_list(request):
    context = filtered_page(
        request,
        OpinionFilterSet,
        selectors.with_overdue(selectors.opinion_list(user=request.user)),
    )
    if response := list_export(request, context, exports.opinions(request.user)):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/staff/opinion_list.html",
        {**context, "filter_fields": [form[name] for name in LIST_FILTERS]},
    )


def _detail(request, opinion, *, triage=None, moderation=None, merge=None, status=200):
    """Render an opinion's page, with the forms the user may use (bound ones keep errors)."""
    user = request.user
    can_change = user.has_perm("oversight.change_opinion", opinion)
    if can_change:
        triage = triage or OpinionTriageForm(opinion=opinion)
        moderation = moderation or OpinionModerationForm(
            initial={"hidden": not opinion.hidden, "hidden_reason": opinion.hidden_reason}
        )
        merge = merge or OpinionMergeForm(opinion=opinion, user=user)
    return render(
        request,
        "oversight/staff/opinion_detail.html",
        {
            "opinion": opinion,
            **selectors.opinion_detail(opinion=opinion, user=user),
            "can_change": can_change,
            "triage_form": triage,
            "moderation_form": moderation,
            "merge_form": merge,
            "slip_url": slip_url(opinion.pk),
        },
        status=status,
    )


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_detail(request, pk):
    return _detail(request, _opinion(request, pk))


def _changeable(request, pk):
    opinion = _opinion(request, pk)
    require_object_perm(
        request.user,
        "oversight.change_opinion",
        opinion,
        _("Your role may not change this opinion."),
    )
    return opinion


def _act(request, opinion, form, service, done_message, form_name):
    """Validate ``form`` and call ``service`` with its data; back to the opinion's page with
    ``done_message`` (a text, or a function of the cleaned data), or the page again with the
    form's (and the service's) errors."""
    if form.is_valid():
        try:
            service(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = done_message(form.cleaned_data) if callable(done_message) else done_message
            messages.success(request, text)
            return redirect("oversight:opinion_detail", pk=opinion.pk)
    # The service may have changed the object in memory before refusing: show it as stored.
    return _detail(request, _opinion(request, opinion.pk), **{form_name: form})


@require_POST
@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_triage(request, pk):
    opinion = _changeable(request, pk)
    form = OpinionTriageForm(request.POST, opinion=opinion)
    return _act(
        request,
        opinion,
        form,
        lambda **data: services.opinion_triage(opinion=opinion, user=request.user, **data),
        _("Triage saved."),
        "triage",
    )


@require_POST
@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_moderate(request, pk):
    opinion = _changeable(request, pk)
    form = OpinionModerationForm(request.POST)

    def moderate(*, hidden, hidden_reason):
        services.opinion_moderate(
            opinion=opinion, user=request.user, hidden=hidden, hidden_reason=hidden_reason
        )

    def done(data):
        return _("The opinion is hidden.") if data["hidden"] else _("The opinion is shown again.")

    return _act(request, opinion, form, moderate, done, "moderation")


@require_POST
@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_merge(request, pk):
    opinion = _changeable(request, pk)
    form = OpinionMergeForm(request.POST, opinion=opinion, user=request.user)
    return _act(
        request,
        opinion,
        form,
        lambda *, into: services.opinion_merge(duplicate=opinion, into=into, user=request.user),
        _("Merged: this opinion is closed as a duplicate."),
        "merge",
    )


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_photo(request, pk):
    """Serve an opinion's photo to those who may read the opinion; photos are not public."""
    photo = get_object_or_404(
        OpinionPhoto.objects.filter(opinion__in=selectors.opinion_list(user=request.user)), pk=pk
    )
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@permission_required("oversight.add_opinion", raise_exception=True)
def opinion_record(request, compound_pk):
    compound = _compound(request, compound_pk)
    require_object_perm(
        request.user,
        "oversight.add_opinion",
        compound,
        _("You may only record opinions of your compounds."),
    )
    form = OpinionRecordForm(request.POST or None, request.FILES or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.opinion_record(
                user=request.user, compound=compound, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Opinion recorded with receipt code %(code)s. Print the slip for the resident.")
                % {"code": opinion.code},
            )
            return redirect(opinion)
    return render(
        request, "oversight/staff/opinion_record.html", {"form": form, "compound": compound}
    )


@permission_required("oversight.view_opinion", raise_exception=True)
def compound_tally(request, compound_pk):
    compound = _compound(request, compound_pk)
    return render(
        request,
        "oversight/staff/compound_tally.html",
        {
            "tally": selectors.compound_tally(compound),
            "compound": compound,
            "can_record": request.user.has_perm("oversight.add_opinion", compound),
        },
    )
