"""Pages of supervision: the records of each level's checks (list, filing with a checklist,
one record with the problems its failed items raised) and a compound's residents' supervision
group."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from compounds.permissions import require_object_perm
from compounds.roles import Role
from compounds.selectors import compound_choices, compound_list, record_changes

from . import exports, selectors, services
from .filtersets import SupervisionRecordFilterSet
from .forms import GroupMemberForm, SupervisionRecordForm, SupervisionRecordUpdateForm
from .models import SupervisionPhoto

LIST_FILTERS = ("q", "compound", "level", "kind", "failed", "date_from", "date_until")


def _record(request, pk):
    return get_object_or_404(selectors.record_list(user=request.user), pk=pk)


@permission_required("oversight.view_supervisionrecord", raise_exception=True)
def record_list(request):
    context = filtered_page(
        request,
        SupervisionRecordFilterSet,
        selectors.record_list(user=request.user).order_by("-date", "-pk"),
    )
    if response := list_export(request, context, exports.SUPERVISION_RECORDS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/supervision/record_list.html",
        {
            **context,
            "filter_fields": [form[name] for name in LIST_FILTERS],
            "can_file": bool(selectors.filing_levels_of(request.user))
            and request.user.has_perm("oversight.add_supervisionrecord"),
        },
    )


@permission_required("oversight.add_supervisionrecord", raise_exception=True)
def record_create(request):
    levels = selectors.filing_levels_of(request.user)
    compounds = compound_choices(user=request.user)
    initial = {}
    if "compound" in request.GET:
        raw = request.GET["compound"]
        chosen = compounds.filter(pk=raw).first() if raw.isdigit() else None
        if chosen is not None:
            initial["compound"] = chosen
    if len(levels) == 1:
        initial["level"] = next(iter(levels))
    form = SupervisionRecordForm(
        request.POST or None,
        request.FILES or None,
        compounds=compounds,
        levels=levels,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            failed = sum(1 for check in form.cleaned_data["checks"] if not check["passed"])
            if failed:
                messages.success(
                    request,
                    ngettext(
                        "Record filed; %(count)d failed item is now on the register of problems.",
                        "Record filed; %(count)d failed items are now on the register of problems.",
                        failed,
                    )
                    % {"count": failed},
                )
            else:
                messages.success(request, _("Record filed; every item passed."))
            return redirect(record)
    return render(request, "oversight/supervision/record_form.html", {"form": form})


def _detail(request, record, *, form=None, status=200):
    can_change = request.user.has_perm("oversight.change_supervisionrecord", record)
    if can_change and form is None:
        form = SupervisionRecordUpdateForm(instance=record)
    return render(
        request,
        "oversight/supervision/record_detail.html",
        {
            "record": record,
            **selectors.record_detail(record=record),
            "changes": record_changes(record, excluded=("updated",)),
            "form": form if can_change else None,
        },
        status=status,
    )


@permission_required("oversight.view_supervisionrecord", raise_exception=True)
def record_detail(request, pk):
    return _detail(request, _record(request, pk))


@permission_required("oversight.view_supervisionrecord", raise_exception=True)
def record_update(request, pk):
    record = _record(request, pk)
    require_object_perm(request.user, "oversight.change_supervisionrecord", record)
    if request.method != "POST":
        return redirect(record)
    form = SupervisionRecordUpdateForm(request.POST, instance=record)
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("change_reason")
        try:
            services.record_update(record=record, user=request.user, reason=reason, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(record)
    return _detail(request, _record(request, pk), form=form)


@permission_required("oversight.view_supervisionrecord", raise_exception=True)
def record_photo(request, pk):
    """A photo of a record, for those who may read the record; photos are not public."""
    photo = get_object_or_404(
        SupervisionPhoto.objects.filter(record__in=selectors.record_list(user=request.user)), pk=pk
    )
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


# --- The residents' supervision group ---------------------------------------------------------


def _accounts(compound):
    """The resident supervisors' accounts assigned to the compound (to link a member)."""
    return (
        get_user_model()
        .objects.filter(
            groups__name=Role.RESIDENT_SUPERVISOR.value, assignment__compound=compound.pk
        )
        .distinct()
        .order_by("username")
    )


@permission_required("oversight.view_supervisiongroupmember", raise_exception=True)
def group(request, compound_pk):
    compound = get_object_or_404(compound_list(user=request.user), pk=compound_pk)
    can_add = request.user.has_perm("oversight.add_supervisiongroupmember")
    form = None
    if can_add:
        form = GroupMemberForm(request.POST or None, accounts=_accounts(compound))
        if request.method == "POST" and form.is_valid():
            try:
                data = dict(form.cleaned_data)
                services.member_create(
                    user=request.user, compound=compound, account=data.pop("user"), **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Member added to the group."))
                return redirect("oversight:supervision_group", compound_pk=compound.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Your role may not add members to the group."))
    members = selectors.group_members(compound=compound)
    return render(
        request,
        "oversight/supervision/group.html",
        {
            "compound": compound,
            "members": members,
            "form": form,
            "can_change": request.user.has_perm("oversight.change_supervisiongroupmember"),
            "records": selectors.record_list(user=request.user)
            .filter(compound=compound, level="residents")
            .order_by("-date", "-pk")[:20],
        },
    )


@permission_required("oversight.change_supervisiongroupmember", raise_exception=True)
def member_update(request, pk):
    member = get_object_or_404(selectors.member_list(user=request.user), pk=pk)
    require_object_perm(request.user, "oversight.change_supervisiongroupmember", member)
    form = GroupMemberForm(
        request.POST or None, instance=member, accounts=_accounts(member.compound)
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            services.member_update(
                member=member, user=request.user, account=data.pop("user"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("oversight:supervision_group", compound_pk=member.compound_id)
    return render(
        request,
        "oversight/supervision/member_form.html",
        {"form": form, "member": member, "compound": member.compound},
    )
