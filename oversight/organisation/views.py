"""Pages of the organisation: the street's leading group and task-force teams (工作专班) with
their members and the compounds each serves; the party organisations (临时党支部, 党员帮帮团)
with their members and compounds; and the participation ledger of the hygiene campaign with
the figures counted from it, and its activities.

Street staff keep all of it; community staff and district inspectors read it; resident
supervisors do not see it. Members are kept by those who may change their team or
organisation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exports import list_export
from common.forms import add_service_errors, filtered_page, style_form
from compounds.permissions import require_object_perm
from compounds.selectors import record_changes, street_list

from . import exports, selectors, services
from .choices import ParticipantKind
from .filtersets import (
    CampaignActivityFilterSet,
    ParticipantFilterSet,
    PartyGroupFilterSet,
    TaskForceFilterSet,
)
from .forms import (
    CampaignActivityForm,
    ParticipantForm,
    PartyGroupForm,
    PartyMemberForm,
    TaskForceForm,
    TaskForceMemberForm,
)

TEMPLATES = "oversight/organisation/"


def _streets(request):
    return street_list(user=request.user).order_by("name", "pk")


def _filter_fields(form, names, *, streets):
    """The bound fields a list page offers; the street only to users of several streets."""
    return [form[name] for name in names if name != "street" or streets.count() > 1]


def _history(obj, **kwargs):
    return record_changes(obj, display=selectors.display_change, **kwargs)


# --- The leading group and the task force -----------------------------------------------------


# --- Members of a team or a party organisation -----------------------------------------------


@dataclass(frozen=True)
class MemberPages:
    """How the members of one kind of parent (a team, a party organisation) are edited: through
    the parent's change permission, with the parent's services."""

    parent_perm: str
    refusal: str
    form_class: type
    create: Callable
    update: Callable
    parent_field: str
    create_url: str
    parent_list: str
    tab: str
    added: str


TEAM_MEMBERS = MemberPages(
    parent_perm="oversight.change_taskforce",
    refusal=gettext_lazy("Your role may not change the members of the street's teams."),
    form_class=TaskForceMemberForm,
    create=services.taskforce_member_create,
    update=services.taskforce_member_update,
    parent_field="task_force",
    create_url="oversight:taskforce_member_create",
    parent_list="oversight:taskforce_list",
    tab="taskforce",
    added=gettext_lazy("%(name)s added to the team."),
)
PARTY_MEMBERS = MemberPages(
    parent_perm="oversight.change_partygroup",
    refusal=gettext_lazy(
        "Your role may not change the members of the street's party organisations."
    ),
    form_class=PartyMemberForm,
    create=services.partymember_create,
    update=services.partymember_update,
    parent_field="group",
    create_url="oversight:partymember_create",
    parent_list="oversight:partygroup_list",
    tab="party",
    added=gettext_lazy("%(name)s added to the organisation."),
)


def _member_create(request, parent, pages: MemberPages):
    require_object_perm(request.user, pages.parent_perm, parent, str(pages.refusal))
    form = pages.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = pages.create(
                user=request.user, **{pages.parent_field: parent}, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(pages.added) % {"name": member.name})
            if "another" in request.POST:
                return redirect(pages.create_url, pk=parent.pk)
            return redirect(parent)
    return render(
        request,
        TEMPLATES + "member_form.html",
        {"form": form, "parent": parent, "parent_list": pages.parent_list, "tab": pages.tab},
    )


def _member_update(request, member, parent, pages: MemberPages):
    require_object_perm(request.user, pages.parent_perm, parent, str(pages.refusal))
    form = pages.form_class(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            pages.update(member=member, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(parent)
    return render(
        request,
        TEMPLATES + "member_form.html",
        {"form": form, "member": member, "parent": parent, "parent_list": pages.parent_list,
         "changes": _history(member), "tab": pages.tab},
    )  # fmt: skip


@permission_required("oversight.view_taskforce", raise_exception=True)
def taskforce_list(request):
    streets = _streets(request)
    context = filtered_page(
        request, TaskForceFilterSet, selectors.taskforce_list(user=request.user)
    )
    if response := list_export(request, context, exports.TASK_FORCES):
        return response
    return render(
        request,
        TEMPLATES + "taskforce_list.html",
        {
            **context,
            "filter_fields": _filter_fields(
                context["filterset"].form, ["q", "street", "kind", "compound"], streets=streets
            ),
            "can_add": request.user.has_perm("oversight.add_taskforce"),
            "tab": "taskforce",
        },
    )


def _task_force(request, pk):
    return get_object_or_404(selectors.taskforce_list(user=request.user), pk=pk)


@permission_required("oversight.view_taskforce", raise_exception=True)
def taskforce_detail(request, pk):
    team = _task_force(request, pk)
    return render(
        request,
        TEMPLATES + "taskforce_detail.html",
        {
            "team": team,
            "members": selectors.taskforce_members(task_force=team),
            "compounds": selectors.served_compounds(team),
            "can_change": request.user.has_perm("oversight.change_taskforce", team),
            "changes": _history(team),
            "tab": "taskforce",
        },
    )


@permission_required("oversight.add_taskforce", raise_exception=True)
def taskforce_create(request):
    streets = _streets(request)
    form = TaskForceForm(
        request.POST or None,
        streets=streets,
        compounds=selectors.compound_choices_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.taskforce_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team set up: now add its members."))
            return redirect(team)
    return render(request, TEMPLATES + "taskforce_form.html", {"form": form, "tab": "taskforce"})


@permission_required("oversight.view_taskforce", raise_exception=True)
def taskforce_update(request, pk):
    team = _task_force(request, pk)
    require_object_perm(
        request.user,
        "oversight.change_taskforce",
        team,
        _("Your role may not change the street's teams."),
    )
    form = TaskForceForm(
        request.POST or None,
        instance=team,
        initial={"compounds": list(team.compounds.values_list("pk", flat=True))},
        streets=None,
        compounds=selectors.compound_choices_of(user=request.user, street=team.street),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.taskforce_update(task_force=team, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(team)
    return render(
        request,
        TEMPLATES + "taskforce_form.html",
        {"form": form, "team": team, "tab": "taskforce"},
    )


@permission_required("oversight.view_taskforce", raise_exception=True)
def taskforce_member_create(request, pk):
    return _member_create(request, _task_force(request, pk), TEAM_MEMBERS)


@permission_required("oversight.view_taskforce", raise_exception=True)
def taskforce_member_update(request, pk):
    member = get_object_or_404(selectors.taskforce_member_list(user=request.user), pk=pk)
    return _member_update(request, member, member.task_force, TEAM_MEMBERS)


@permission_required("oversight.view_partygroup", raise_exception=True)
def partygroup_list(request):
    streets = _streets(request)
    context = filtered_page(
        request, PartyGroupFilterSet, selectors.partygroup_list(user=request.user)
    )
    if response := list_export(request, context, exports.PARTY_GROUPS):
        return response
    return render(
        request,
        TEMPLATES + "partygroup_list.html",
        {
            **context,
            "filter_fields": _filter_fields(
                context["filterset"].form,
                ["q", "street", "kind", "community", "compound"],
                streets=streets,
            ),
            "can_add": request.user.has_perm("oversight.add_partygroup"),
            "tab": "party",
        },
    )


def _group(request, pk):
    return get_object_or_404(selectors.partygroup_list(user=request.user), pk=pk)


@permission_required("oversight.view_partygroup", raise_exception=True)
def partygroup_detail(request, pk):
    group = _group(request, pk)
    members = list(selectors.partygroup_members(group=group))
    return render(
        request,
        TEMPLATES + "partygroup_detail.html",
        {
            "group": group,
            "members": members,
            "compounds": selectors.served_compounds(group),
            "can_change": request.user.has_perm("oversight.change_partygroup", group),
            "changes": _history(group),
            "tab": "party",
        },
    )


def _group_form(request, *, group=None):
    street = group.street if group is not None else None
    initial = None
    if group is not None:
        initial = {"compounds": list(group.compounds.values_list("pk", flat=True))}
    return PartyGroupForm(
        request.POST or None,
        instance=group,
        initial=initial,
        streets=None if group is not None else _streets(request),
        communities=selectors.community_choices_of(user=request.user, street=street),
        compounds=selectors.compound_choices_of(user=request.user, street=street),
    )


@permission_required("oversight.add_partygroup", raise_exception=True)
def partygroup_create(request):
    form = _group_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.partygroup_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Party organisation recorded: now add its members."))
            return redirect(group)
    return render(request, TEMPLATES + "partygroup_form.html", {"form": form, "tab": "party"})


@permission_required("oversight.view_partygroup", raise_exception=True)
def partygroup_update(request, pk):
    group = _group(request, pk)
    require_object_perm(
        request.user,
        "oversight.change_partygroup",
        group,
        _("Your role may not change the street's party organisations."),
    )
    form = _group_form(request, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.partygroup_update(group=group, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(group)
    return render(
        request, TEMPLATES + "partygroup_form.html", {"form": form, "group": group, "tab": "party"}
    )


@permission_required("oversight.view_partygroup", raise_exception=True)
def partymember_create(request, pk):
    return _member_create(request, _group(request, pk), PARTY_MEMBERS)


@permission_required("oversight.view_partygroup", raise_exception=True)
def partymember_update(request, pk):
    member = get_object_or_404(selectors.partymember_list(user=request.user), pk=pk)
    return _member_update(request, member, member.group, PARTY_MEMBERS)


# --- The participation ledger -----------------------------------------------------------------


def _street_filtered(request, filterset_class, queryset):
    """Like common.forms.filtered_page, for a street's ledger: without a street chosen,
    the street the user most likely means (so the lines and the figures are of one street)."""
    data = request.GET.copy()
    default = selectors.default_street(user=request.user)
    if not data.get("street") and default is not None:
        data["street"] = str(default.pk)
    filterset = filterset_class(data, queryset=queryset, request=request)
    style_form(filterset.form)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else queryset.none()
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filterset": filterset,
        "page": Paginator(rows, 25).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "street": filterset.form.cleaned_data.get("street") if valid else None,
    }


@permission_required("oversight.view_participant", raise_exception=True)
def participation(request):
    """The street's participation ledger with the figures counted from it."""
    streets = _streets(request)
    context = _street_filtered(
        request, ParticipantFilterSet, selectors.participant_list(user=request.user)
    )
    if response := list_export(request, context, exports.PARTICIPANTS):
        return response
    street = context["street"]
    return render(
        request,
        TEMPLATES + "participation.html",
        {
            **context,
            "summary": selectors.participation(street=street) if street is not None else None,
            "filter_fields": _filter_fields(
                context["filterset"].form,
                ["q", "street", "kind", "community", "red_property"],
                streets=streets,
            ),
            "kinds": ParticipantKind,
            "can_add": request.user.has_perm("oversight.add_participant"),
            "can_change": request.user.has_perm("oversight.change_participant"),
            "can_add_activity": request.user.has_perm("oversight.add_campaignactivity"),
            "can_view_activities": request.user.has_perm("oversight.view_campaignactivity"),
            "tab": "participation",
        },
    )


def _kind_initial(request):
    kind = request.GET.get("kind")
    return {"kind": kind} if kind in ParticipantKind.values else {}


@permission_required("oversight.add_participant", raise_exception=True)
def participant_create(request):
    form = ParticipantForm(
        request.POST or None,
        initial=_kind_initial(request),
        streets=_streets(request),
        communities=selectors.community_choices_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s added to the ledger.") % {"name": participant.name}
            )
            if "another" in request.POST:
                url = reverse("oversight:participant_create")
                return redirect(f"{url}?kind={participant.kind}")
            return redirect(_ledger_url(participant.street_id))
    return render(
        request, TEMPLATES + "participant_form.html", {"form": form, "tab": "participation"}
    )


def _ledger_url(street_id):
    return f"{reverse('oversight:participation')}?street={street_id}"


@permission_required("oversight.view_participant", raise_exception=True)
def participant_update(request, pk):
    participant = get_object_or_404(selectors.participant_list(user=request.user), pk=pk)
    require_object_perm(
        request.user,
        "oversight.change_participant",
        participant,
        _("Your role may not change the participation ledger."),
    )
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        streets=None,
        communities=selectors.community_choices_of(user=request.user, street=participant.street),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                participant=participant, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_ledger_url(participant.street_id))
    return render(
        request,
        TEMPLATES + "participant_form.html",
        {"form": form, "participant": participant, "changes": _history(participant),
         "tab": "participation"},
    )  # fmt: skip


@permission_required("oversight.view_campaignactivity", raise_exception=True)
def campaignactivity_list(request):
    streets = _streets(request)
    context = filtered_page(
        request, CampaignActivityFilterSet, selectors.campaignactivity_list(user=request.user)
    )
    if response := list_export(request, context, exports.CAMPAIGN_ACTIVITIES):
        return response
    return render(
        request,
        TEMPLATES + "campaignactivity_list.html",
        {
            **context,
            "filter_fields": _filter_fields(
                context["filterset"].form,
                ["q", "street", "community", "date__gte", "date__lte"],
                streets=streets,
            ),
            "can_add": request.user.has_perm("oversight.add_campaignactivity"),
            "can_change": request.user.has_perm("oversight.change_campaignactivity"),
            "tab": "participation",
        },
    )


@permission_required("oversight.add_campaignactivity", raise_exception=True)
def campaignactivity_create(request):
    form = CampaignActivityForm(
        request.POST or None,
        initial={"date": timezone.localdate()},
        streets=_streets(request),
        communities=selectors.community_choices_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaignactivity_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("oversight:campaignactivity_list")
    return render(
        request, TEMPLATES + "campaignactivity_form.html", {"form": form, "tab": "participation"}
    )


@permission_required("oversight.view_campaignactivity", raise_exception=True)
def campaignactivity_update(request, pk):
    activity = get_object_or_404(selectors.campaignactivity_list(user=request.user), pk=pk)
    require_object_perm(
        request.user,
        "oversight.change_campaignactivity",
        activity,
        _("Your role may not change the campaign's activities."),
    )
    form = CampaignActivityForm(
        request.POST or None,
        instance=activity,
        streets=None,
        communities=selectors.community_choices_of(user=request.user, street=activity.street),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaignactivity_update(
                activity=activity, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("oversight:campaignactivity_list")
    return render(
        request,
        TEMPLATES + "campaignactivity_form.html",
        {"form": form, "activity": activity, "changes": _history(activity),
         "tab": "participation"},
    )  # fmt: skip
