"""Pages of supervision: the records of each level's checks (list, filing with a checklist,
one record with the problems its failed items raised) and a compound's residents' supervision
group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from common.exports import list_export
from common.forms import filtered_page
from common.views import EditView
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


class RecordCreate(EditView):
    """File a check with its checklist; each failed item goes on the register of problems."""

    permission = "oversight.add_supervisionrecord"
    form_class = SupervisionRecordForm
    template_name = "oversight/supervision/record_form.html"
    service = services.record_create

    def get_form_kwargs(self):
        levels = selectors.filing_levels_of(self.request.user)
        compounds = compound_choices(user=self.request.user)
        initial = {}
        if "compound" in self.request.GET:
            raw = self.request.GET["compound"]
            chosen = compounds.filter(pk=raw).first() if raw.isdigit() else None
            if chosen is not None:
                initial["compound"] = chosen
        if len(levels) == 1:
            initial["level"] = next(iter(levels))
        return {"compounds": compounds, "levels": levels, "initial": initial}

    def service_arguments(self, form):
        return form.service_arguments()

    def save(self, form):
        self.failed = sum(1 for check in form.cleaned_data["checks"] if not check["passed"])
        return super().save(form)

    def get_success_message(self, obj):
        if self.failed:
            return ngettext(
                "Record filed; %(count)d failed item is now on the register of problems.",
                "Record filed; %(count)d failed items are now on the register of problems.",
                self.failed,
            ) % {"count": self.failed}
        return _("Record filed; every item passed.")

    def get_context_data(self, **context):
        records = reverse("oversight:supervision_list")
        return {
            **context,
            "title": _("File a check"),
            "width": "col-lg-8",
            "breadcrumbs": [(_("Supervision records"), records)],
            "cancel_url": records,
        }


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


class RecordUpdate(EditView):
    """Correct a record's date, inspectors or findings, in the form on the record's page: a
    refusal shows the page again, with the record as stored and the form with its reasons."""

    permission = "oversight.view_supervisionrecord"
    object_permission = "oversight.change_supervisionrecord"
    form_class = SupervisionRecordUpdateForm
    service = services.record_update
    instance_name = "record"

    def get_object(self):
        return _record(self.request, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return redirect(self.object)

    def service_arguments(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("change_reason")
        return {**data, "reason": reason}

    def render_form(self, form, status=200):
        # The form has set the refused values on the instance: show the record as stored.
        return _detail(self.request, _record(self.request, self.kwargs["pk"]), form=form)


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


class GroupMemberEdit(EditView):
    """The form of a group's member: its account is one of the compound's supervisors; back
    to the group's page."""

    form_class = GroupMemberForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "accounts": _accounts(self.compound)}

    def service_arguments(self, form):
        data = dict(form.cleaned_data)
        account = data.pop("user")
        return {**data, "account": account}

    def get_success_url(self, obj):
        return reverse("oversight:supervision_group", kwargs={"compound_pk": self.compound.pk})


class GroupPage(GroupMemberEdit):
    """A compound's group: its members and checks, and beside them the form to add a member
    (for those who may)."""

    permission = "oversight.view_supervisiongroupmember"
    template_name = "oversight/supervision/group.html"
    service = services.member_create
    success_message = _lazy("Member added to the group.")

    def get_object(self):
        self.compound = get_object_or_404(
            compound_list(user=self.request.user), pk=self.kwargs["compound_pk"]
        )
        self.can_add = self.request.user.has_perm("oversight.add_supervisiongroupmember")
        return None

    def check_object_permission(self):
        if self.request.method == "POST" and not self.can_add:
            raise PermissionDenied(_("Your role may not add members to the group."))

    def get_form(self):
        return super().get_form() if self.can_add else None

    def service_kwargs(self):
        return {"compound": self.compound}

    def get_context_data(self, **context):
        user = self.request.user
        return {
            **context,
            "compound": self.compound,
            "members": selectors.group_members(compound=self.compound),
            "can_change": user.has_perm("oversight.change_supervisiongroupmember"),
            "records": selectors.record_list(user=user)
            .filter(compound=self.compound, level="residents")
            .order_by("-date", "-pk")[:20],
        }


class MemberUpdate(GroupMemberEdit):
    permission = "oversight.change_supervisiongroupmember"
    object_permission = "oversight.change_supervisiongroupmember"
    service = services.member_update
    instance_name = "member"

    def get_object(self):
        member = get_object_or_404(
            selectors.member_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        self.compound = member.compound
        return member

    def get_context_data(self, **context):
        group = self.get_success_url(self.object)
        label = _("Residents' supervision group")
        return {
            **context,
            "member": self.object,
            "compound": self.compound,
            "title": _("Edit a member"),
            "heading": self.object.name,
            "breadcrumbs": [(f"{label} · {self.compound.name}", group)],
            "cancel_url": group,
        }
