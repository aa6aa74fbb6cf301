"""Pages of the organisation: the street's leading group and task-force teams (工作专班) with
their members and the compounds each serves; the party organisations (临时党支部, 党员帮帮团)
with their members and compounds; and the participation ledger of the hygiene campaign with
the figures counted from it, and its activities.

Street staff keep all of it; community staff and district inspectors read it; resident
supervisors do not see it. Members are kept by those who may change their team or
organisation.
"""

from functools import partial

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common import clock
from common.exports import list_export
from common.forms import filtered_page, style_form
from common.views import EditView
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


def _history(obj, *, user, **kwargs):
    display = partial(selectors.display_change, user=user)
    return record_changes(obj, display=display, **kwargs)


# --- The form pages ------------------------------------------------------------------------------


class OrganisationEdit(EditView):
    """A form page of the organisation: the area's template (its buttons in a bar that stays at
    hand below a long form, "Save and add another" where ``another`` is set, the record's
    history when the page passes ``changes``), in the width of the area's forms."""

    template_name = TEMPLATES + "object_edit.html"
    tab = ""  # the area's tab the page belongs to
    another = False  # whether the page offers "Save and add another"

    def adds_another(self) -> bool:
        """Whether the user asked for another form after this one."""
        return self.another and "another" in self.request.POST

    def get_context_data(self, **context):
        return {**context, "tab": self.tab, "another": self.another, "width": "col-lg-7"}

    def list_context(self, context, title, list_title, list_url):
        """The context of the page that adds to a list: ``title``; the list (``list_title``
        at ``list_url``) is the breadcrumb and the way back."""
        return {
            **context,
            "title": title,
            "breadcrumbs": [(list_title, list_url)],
            "cancel_url": list_url,
        }

    def record_context(self, context, name, heading):
        """The context of the page that edits ``self.object`` (in the context as ``name``):
        the heading, then the record's name as the title; its page ends the breadcrumbs and
        is the way back."""
        record = self.object
        return {
            **context,
            name: record,
            "title": f"{heading} · {record.name}",
            "heading": heading,
            "breadcrumbs": [*context["breadcrumbs"], (record.name, record.get_absolute_url())],
            "cancel_url": record.get_absolute_url(),
        }


# --- Members of a team or a party organisation -----------------------------------------------


class MemberCreate(OrganisationEdit):
    """Add a member to a parent (a team, a party organisation): through the parent's change
    permission (``object_permission``, refused with ``object_permission_message``), with the
    parent's services; back to the parent, or to the next member's form."""

    another = True
    parents = None  # the selector of the parents the user may read
    parent_field = ""  # the member's field (and the create service's keyword) of its parent
    create_url = ""  # the URL name of this page, for the next member
    parent_list = ""  # the URL name of the parents' list
    parent_list_label = ""
    added = ""  # the message once a member is added, with %(name)s

    def get_object(self):
        self.parent = get_object_or_404(
            type(self).parents(user=self.request.user), pk=self.kwargs["pk"]
        )
        return None

    def permission_target(self):
        return self.parent

    def service_kwargs(self):
        return {self.parent_field: self.parent}

    def get_success_message(self, obj):
        return str(self.added) % {"name": obj.name}

    def get_success_url(self, obj):
        if self.adds_another():
            return reverse(self.create_url, kwargs={"pk": self.parent.pk})
        return self.parent.get_absolute_url()

    def get_context_data(self, **context):
        title = _("Add a member") if self.object is None else _("Edit a member")
        return {
            **super().get_context_data(**context),
            "parent": self.parent,
            "parent_list": self.parent_list,
            "title": f"{title} · {self.parent.name}",
            "breadcrumbs": [
                (self.parent_list_label, reverse(self.parent_list)),
                (self.parent.name, self.parent.get_absolute_url()),
            ],
            "cancel_url": self.parent.get_absolute_url(),
        }


class MemberUpdate(MemberCreate):
    """Change a member, read through the members the user may read, checked on its parent."""

    another = False
    members = None  # the selector of the members the user may read
    instance_name = "member"
    success_message = EditView.success_message

    def get_object(self):
        member = get_object_or_404(type(self).members(user=self.request.user), pk=self.kwargs["pk"])
        self.parent = getattr(member, self.parent_field)
        return member

    def service_kwargs(self):
        return {"member": self.object}

    def get_success_message(self, obj):
        return self.success_message

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "member": self.object,
            "changes": _history(self.object, user=self.request.user),
        }


class TaskForceMemberCreate(MemberCreate):
    permission = "oversight.view_taskforce"
    object_permission = "oversight.change_taskforce"
    object_permission_message = _lazy("Your role may not change the members of the street's teams.")
    form_class = TaskForceMemberForm
    service = services.taskforce_member_create
    parents = selectors.taskforce_list
    parent_field = "task_force"
    create_url = "oversight:taskforce_member_create"
    parent_list = "oversight:taskforce_list"
    parent_list_label = _lazy("Task force and leading group")
    tab = "taskforce"
    added = _lazy("%(name)s added to the team.")


class TaskForceMemberUpdate(MemberUpdate, TaskForceMemberCreate):
    service = services.taskforce_member_update
    members = selectors.taskforce_member_list


class PartyMemberCreate(MemberCreate):
    permission = "oversight.view_partygroup"
    object_permission = "oversight.change_partygroup"
    object_permission_message = _lazy(
        "Your role may not change the members of the street's party organisations."
    )
    form_class = PartyMemberForm
    service = services.partymember_create
    parents = selectors.partygroup_list
    parent_field = "group"
    create_url = "oversight:partymember_create"
    parent_list = "oversight:partygroup_list"
    parent_list_label = _lazy("Party organisations")
    tab = "party"
    added = _lazy("%(name)s added to the organisation.")


class PartyMemberUpdate(MemberUpdate, PartyMemberCreate):
    service = services.partymember_update
    members = selectors.partymember_list


# --- The leading group and the task force -----------------------------------------------------


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
            "served": selectors.served_compounds(team, user=request.user),
            "can_change": request.user.has_perm("oversight.change_taskforce", team),
            "changes": _history(team, user=request.user),
            "tab": "taskforce",
        },
    )


class TaskForceCreate(OrganisationEdit):
    permission = "oversight.add_taskforce"
    form_class = TaskForceForm
    service = services.taskforce_create
    success_message = _lazy("Team set up: now add its members.")
    tab = "taskforce"

    def get_form_kwargs(self):
        return {
            "streets": _streets(self.request),
            "compounds": selectors.compound_choices_of(user=self.request.user),
        }

    def get_context_data(self, **context):
        return self.list_context(
            super().get_context_data(**context),
            _("New team"),
            _("Task force and leading group"),
            reverse("oversight:taskforce_list"),
        )


class TaskForceUpdate(TaskForceCreate):
    permission = "oversight.view_taskforce"
    object_permission = "oversight.change_taskforce"
    object_permission_message = _lazy("Your role may not change the street's teams.")
    service = services.taskforce_update
    instance_name = "task_force"
    success_message = EditView.success_message

    def get_object(self):
        return _task_force(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        team = self.object
        return {
            "instance": team,
            "initial": {"compounds": list(team.compounds.values_list("pk", flat=True))},
            "streets": None,
            "compounds": selectors.compound_choices_of(user=self.request.user, street=team.street),
        }

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        return self.record_context(context, "team", _("Edit the team"))


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
            "served": selectors.served_compounds(group, user=request.user),
            "can_change": request.user.has_perm("oversight.change_partygroup", group),
            "changes": _history(group, user=request.user),
            "tab": "party",
        },
    )


class PartyGroupCreate(OrganisationEdit):
    permission = "oversight.add_partygroup"
    form_class = PartyGroupForm
    service = services.partygroup_create
    success_message = _lazy("Party organisation recorded: now add its members.")
    tab = "party"

    def get_form_kwargs(self):
        group = self.object
        street = group.street if group is not None else None
        initial = None
        if group is not None:
            initial = {"compounds": list(group.compounds.values_list("pk", flat=True))}
        user = self.request.user
        return {
            "instance": group,
            "initial": initial,
            "streets": None if group is not None else _streets(self.request),
            "communities": selectors.community_choices_of(user=user, street=street),
            "compounds": selectors.compound_choices_of(user=user, street=street),
        }

    def get_context_data(self, **context):
        return self.list_context(
            super().get_context_data(**context),
            _("New party organisation"),
            _("Party organisations"),
            reverse("oversight:partygroup_list"),
        )


class PartyGroupUpdate(PartyGroupCreate):
    permission = "oversight.view_partygroup"
    object_permission = "oversight.change_partygroup"
    object_permission_message = _lazy("Your role may not change the street's party organisations.")
    service = services.partygroup_update
    instance_name = "group"
    success_message = EditView.success_message

    def get_object(self):
        return _group(self.request, self.kwargs["pk"])

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        return self.record_context(context, "group", _("Edit the party organisation"))


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


def _ledger_url(street_id):
    return f"{reverse('oversight:participation')}?street={street_id}"


class ParticipantCreate(OrganisationEdit):
    permission = "oversight.add_participant"
    form_class = ParticipantForm
    service = services.participant_create
    tab = "participation"
    another = True

    def get_form_kwargs(self):
        return {
            "initial": _kind_initial(self.request),
            "streets": _streets(self.request),
            "communities": selectors.community_choices_of(user=self.request.user),
        }

    def get_success_message(self, obj):
        return _("%(name)s added to the ledger.") % {"name": obj.name}

    def get_success_url(self, obj):
        if self.adds_another():
            return f"{reverse('oversight:participant_create')}?kind={obj.kind}"
        return _ledger_url(obj.street_id)

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "title": _("Add a line to the ledger"),
            "intro": _(
                "A community's committees, building heads and active residents are counted by "
                "people; property companies and volunteer teams by line."
            ),
            "breadcrumbs": [
                (_("Participation in the hygiene campaign"), reverse("oversight:participation"))
            ],
            "cancel_url": reverse("oversight:participation"),
        }


class ParticipantUpdate(ParticipantCreate):
    permission = "oversight.view_participant"
    object_permission = "oversight.change_participant"
    object_permission_message = _lazy("Your role may not change the participation ledger.")
    service = services.participant_update
    instance_name = "participant"
    another = False

    def get_object(self):
        return get_object_or_404(
            selectors.participant_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        participant = self.object
        return {
            "instance": participant,
            "streets": None,
            "communities": selectors.community_choices_of(
                user=self.request.user, street=participant.street
            ),
        }

    def get_success_message(self, obj):
        return _("Changes saved.")

    def get_success_url(self, obj):
        return _ledger_url(self.object.street_id)

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "participant": self.object,
            "changes": _history(self.object, user=self.request.user),
            "title": _("Edit a line of the ledger"),
        }


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


class CampaignActivityCreate(OrganisationEdit):
    permission = "oversight.add_campaignactivity"
    form_class = CampaignActivityForm
    service = services.campaignactivity_create
    success_message = _lazy("Activity recorded.")
    tab = "participation"

    def get_form_kwargs(self):
        return {
            "initial": {"date": clock.today()},
            "streets": _streets(self.request),
            "communities": selectors.community_choices_of(user=self.request.user),
        }

    def get_success_url(self, obj):
        return reverse("oversight:campaignactivity_list")

    def get_context_data(self, **context):
        activities = reverse("oversight:campaignactivity_list")
        return {
            **super().get_context_data(**context),
            "title": _("Record an activity"),
            "breadcrumbs": [
                (_("Participation in the hygiene campaign"), reverse("oversight:participation")),
                (_("Activities"), activities),
            ],
            "cancel_url": activities,
        }


class CampaignActivityUpdate(CampaignActivityCreate):
    permission = "oversight.view_campaignactivity"
    object_permission = "oversight.change_campaignactivity"
    object_permission_message = _lazy("Your role may not change the campaign's activities.")
    service = services.campaignactivity_update
    instance_name = "activity"
    success_message = EditView.success_message

    def get_object(self):
        return get_object_or_404(
            selectors.campaignactivity_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        activity = self.object
        return {
            "instance": activity,
            "streets": None,
            "communities": selectors.community_choices_of(
                user=self.request.user, street=activity.street
            ),
        }

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "activity": self.object,
            "changes": _history(self.object, user=self.request.user),
            "title": _("Edit an activity"),
        }
