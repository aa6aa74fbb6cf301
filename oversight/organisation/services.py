"""Oversight: organisation, reads and writes (the area's selectors and services). Imported by
OversightConfig.ready(), so what it registers (panels, disclosure sections, acceptance checks)
is in place before the first request.

Who does the work (专班负责, 党建引领): the street's leading group and the teams of its task
force, with their members and the compounds each serves; the party organisations (temporary
party branches of renovated compounds, help groups of a community) with their members and the
compounds they cover; and the participation ledger of the hygiene campaign, whose figures
(communities, property companies, building heads, volunteer teams, active residents, people)
are counted from its lines by ``rules.participation_figures``.

Rules the services keep, besides the models' own:
- a team or party organisation stays with its street, and serves only compounds of that street;
- a street has one leading group;
- a temporary party branch covers at least one compound; a help group belongs to a community;
- a founding known only to the month is kept as the first day of that month;
- a party member from a firm (design, builder, property company) names the firm;
- committee, building-head and active-resident lines name their community, and a community has
  one committee line; only a property company is a red property;
- an activity's community is of the activity's street, and someone took part in it.
Members are kept through their team's or organisation's change permission.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.utils.translation import gettext as _

from compounds.models import Community, Compound, Street
from compounds.panels import Panel, register
from compounds.selectors import display_value, plan_default, scoped, street_list
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from .. import rules
from ..choices import ParticipantKind, PartyGroupKind, PartyUnit, TeamKind
from ..models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)

# Units whose party members come from a firm, which must then be named.
FIRM_UNITS = (PartyUnit.DESIGN_FIRM, PartyUnit.BUILDER, PartyUnit.PROPERTY_COMPANY)
# Ledger lines that are the people of one community.
COMMUNITY_KINDS = (
    ParticipantKind.COMMITTEE,
    ParticipantKind.BUILDING_HEAD,
    ParticipantKind.ACTIVE_RESIDENT,
)


# --- Reads ------------------------------------------------------------------------------------

# The leading group first, then the teams in the order the article names them.
TEAM_ORDER = Case(
    *[When(kind=kind, then=Value(index)) for index, kind in enumerate(TeamKind.values)],
    default=Value(len(TeamKind.values)),
    output_field=IntegerField(),
)


def taskforce_list(*, user) -> QuerySet:
    """The leading groups and task-force teams the user may read, with their counts."""
    return scoped(
        TaskForce.objects.select_related("street")
        .annotate(
            member_count=Count("members", distinct=True),
            compound_count=Count("compounds", distinct=True),
        )
        .order_by("street__name", TEAM_ORDER, "name", "pk"),
        user,
    )


def taskforce_members(*, task_force: TaskForce) -> QuerySet:
    return task_force.members.order_by("pk")


def partygroup_list(*, user) -> QuerySet:
    """The party organisations the user may read, with their counts."""
    return scoped(
        PartyGroup.objects.select_related("street", "community")
        .annotate(
            member_count=Count("members", distinct=True),
            compound_count=Count("compounds", distinct=True),
        )
        .order_by("street__name", "-founded_on", "pk"),
        user,
    )


def partygroup_members(*, group: PartyGroup) -> QuerySet:
    return group.members.order_by("pk")


def taskforce_member_list(*, user) -> QuerySet:
    return scoped(TaskForceMember.objects.select_related("task_force__street"), user)


def partymember_list(*, user) -> QuerySet:
    return scoped(PartyMember.objects.select_related("group__street"), user)


# The ledger's lines in the order of the figures: committees, property companies, building
# heads, volunteer teams, active residents.
KIND_ORDER = Case(
    *[When(kind=kind, then=Value(index)) for index, kind in enumerate(ParticipantKind.values)],
    default=Value(len(ParticipantKind.values)),
    output_field=IntegerField(),
)


def participant_list(*, user) -> QuerySet:
    return scoped(
        Participant.objects.select_related("street", "community").order_by(
            "street__name", KIND_ORDER, "community__name", "name", "pk"
        ),
        user,
    )


def campaignactivity_list(*, user) -> QuerySet:
    return scoped(CampaignActivity.objects.select_related("street", "community"), user)


def served_compounds(obj) -> QuerySet:
    """The compounds a team serves or an organisation covers, with who answers for each
    (person in charge, 专人负责; contact, 专人对接) and their phones."""
    return obj.compounds.select_related("community").order_by("community__name", "name", "pk")


def compound_choices_of(*, user, street=None) -> QuerySet:
    """The compounds a user may tick for a team or organisation (of ``street`` if given)."""
    compounds = scoped(Compound.objects.select_related("community"), user)
    if street is not None:
        compounds = compounds.filter(community__street=street)
    return compounds.order_by("community__name", "name", "pk")


def community_choices_of(*, user, street=None) -> QuerySet:
    communities = scoped(Community.objects.select_related("street"), user)
    if street is not None:
        communities = communities.filter(street=street)
    return communities.order_by("street__name", "name", "pk")


def default_street(*, user) -> Street | None:
    """The street a user most likely means: that of the newest plan in their scope, else the
    first street they may see."""
    plan = plan_default(user=user)
    if plan is not None:
        return plan.street
    return street_list(user=user).order_by("name", "pk").first()


def participation_totals(*, selection) -> dict:
    """Count the participation ledgers of the streets a selection of the register covers (the
    plan's street, the chosen street or community), in one query: the article's figures."""
    rows = scoped(Participant.objects.all(), selection.user)
    if selection.plan_id:
        rows = rows.filter(street__plans=selection.plan_id)
    if selection.street_id:
        rows = rows.filter(street_id=selection.street_id)
    if selection.community_id:
        rows = rows.filter(community_id=selection.community_id)
    return rules.participation_figures(
        rows.order_by().values_list("kind", "community_id", "people", "red_property")
    )


def participation(*, street: Street) -> dict:
    """A street's participation ledger, counted: the article's figures (from
    ``rules.participation_figures``), a row per community, and its activities."""
    rows = list(
        Participant.objects.filter(street=street).values_list(
            "kind", "community_id", "people", "red_property"
        )
    )
    figures = rules.participation_figures(rows)
    communities = list(Community.objects.filter(street=street).order_by("name", "pk"))
    by_community = {
        community.pk: {
            "community": community,
            "committee": 0,
            "building_heads": 0,
            "active_residents": 0,
            "property_companies": 0,
            "volunteer_teams": 0,
            "people": 0,
        }
        for community in communities
    }
    street_wide = {
        "community": None,
        "committee": 0,
        "building_heads": 0,
        "active_residents": 0,
        "property_companies": 0,
        "volunteer_teams": 0,
        "people": 0,
    }
    for kind, community_id, people, _red in rows:
        row = by_community.get(community_id, street_wide)
        row["people"] += people
        if kind == ParticipantKind.COMMITTEE:
            row["committee"] += people
        elif kind == ParticipantKind.BUILDING_HEAD:
            row["building_heads"] += people
        elif kind == ParticipantKind.ACTIVE_RESIDENT:
            row["active_residents"] += people
        elif kind == ParticipantKind.PROPERTY_COMPANY:
            row["property_companies"] += 1
        elif kind == ParticipantKind.VOLUNTEER_TEAM:
            row["volunteer_teams"] += 1
    community_rows = [row for row in by_community.values() if row["people"]]
    if street_wide["people"]:
        community_rows.append(street_wide)
    totals = {
        key: sum(row[key] for row in community_rows) for key in street_wide if key != "community"
    }
    activities = CampaignActivity.objects.filter(street=street).aggregate(
        count=Count("pk"), people=Sum("participants")
    )
    return {
        "street": street,
        "figures": figures,
        "lines": len(rows),
        "communities": community_rows,
        "totals": totals,
        "communities_without_committee": [
            row["community"] for row in by_community.values() if not row["committee"]
        ],
        "activity_count": activities["count"],
        "activity_people": activities["people"] or 0,
    }


def compound_organisation(*, compound) -> dict:
    """The teams serving a compound and the party organisations covering it."""
    return {
        "teams": list(
            compound.task_forces.annotate(member_count=Count("members")).order_by(
                TEAM_ORDER, "name", "pk"
            )
        ),
        "groups": list(
            compound.party_groups.annotate(member_count=Count("members")).order_by(
                "-founded_on", "pk"
            )
        ),
    }


def compound_groups_with_members(groups) -> list:
    """Attach each group's members (one query for all of them)."""
    groups = list(groups)
    members = {}
    for member in PartyMember.objects.filter(group__in=groups).order_by("pk"):
        members.setdefault(member.group_id, []).append(member)
    for group in groups:
        group.member_rows = members.get(group.pk, [])
    return groups


def display_change(field, value):
    """Show a stored value in a team's or organisation's history, the served compounds (kept
    as rows of the link table) by their names."""
    if field.many_to_many:
        ids = [row.get(field.m2m_reverse_field_name()) for row in value or []]
        names = Compound.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
        return "、".join(names) or "—"
    return display_value(field, value)


def with_members(queryset: QuerySet, model) -> QuerySet:
    """Prefetch the members of teams or organisations (the API's nested lists)."""
    return queryset.prefetch_related(Prefetch("members", queryset=model.objects.order_by("pk")))


# --- The compound page's panel ----------------------------------------------------------------


def compound_panel(compound, user):
    """Context of the panel on a compound's page: the task-force teams serving it and the party
    organisations covering it (None for a user who may read neither)."""
    can_teams = user.has_perm("oversight.view_taskforce")
    can_groups = user.has_perm("oversight.view_partygroup")
    if not (can_teams or can_groups):
        return None
    found = compound_organisation(compound=compound)
    return {
        "compound": compound,
        "teams": found["teams"] if can_teams else None,
        "groups": found["groups"] if can_groups else None,
    }


register(Panel("oversight/organisation/compound_panel.html", compound_panel, order=30))


# --- Writes: shared checks --------------------------------------------------------------------


def _compounds_outside(street, compounds, *, message) -> dict:
    """The error on compounds outside ``street`` (naming them), if any."""
    outside = [c.name for c in compounds if c.community.street_id != street.pk]
    return {"compounds": [message % {"names": "、".join(outside)}]} if outside else {}


def _community_outside(obj) -> dict:
    community = obj.community
    if community is not None and obj.street_id and community.street_id != obj.street_id:
        return {"community": [_("This community is in another street.")]}
    return {}


def _refuse(errors: dict):
    """Raise every rule broken at once, so the form shows each reason."""
    if errors:
        raise ValidationError(errors)


def _set_compounds(obj, compounds):
    """Set the compounds of a team or organisation without a history entry of their own: the
    save that follows records them with the other changes, in one entry."""
    obj.skip_history_when_saving = True
    try:
        obj.compounds.set(compounds)
    finally:
        del obj.skip_history_when_saving


def _record_new_compounds(obj, compounds, *, user):
    """After creating ``obj``, set its compounds and record them (one history entry)."""
    if compounds:
        _set_compounds(obj, compounds)
        save_validated(obj, user=user)


def _compounds_arg(fields):
    compounds = fields.pop("compounds", None)
    return None if compounds is None else list(compounds)


# --- Writes: the leading group and the task force ---------------------------------------------


def _check_team(team: TaskForce, compounds):
    errors = {}
    if team.kind == TeamKind.LEADING_GROUP and team.street_id:
        others = TaskForce.objects.filter(street=team.street_id, kind=TeamKind.LEADING_GROUP)
        if team.pk:
            others = others.exclude(pk=team.pk)
        if others.exists():
            errors["kind"] = [
                _(
                    "The street has its leading group already: add its members there, or "
                    "choose one of the task force's teams."
                )
            ]
    if compounds is not None and team.street_id:
        errors |= _compounds_outside(
            team.street,
            compounds,
            message=_("A team serves compounds of its own street only; not %(names)s."),
        )
    _refuse(errors)


@transaction.atomic
def taskforce_create(*, user, street, compounds=(), **fields) -> TaskForce:
    """Set up the street's leading group or one team of its task force."""
    team = TaskForce(street=street, **fields)
    require_in_scope(user, team, "street", _("You may only set up teams of your own street."))
    require_perm(user, "oversight.add_taskforce", team)
    compounds = list(compounds or [])
    _check_team(team, compounds)
    save_validated(team, user=user)
    _record_new_compounds(team, compounds, user=user)
    return team


@transaction.atomic
def taskforce_update(*, task_force: TaskForce, user, **fields) -> TaskForce:
    """Change a team's kind, name, duties or the compounds it serves; it stays with its
    street."""
    require_perm(user, "oversight.change_taskforce", task_force)
    fields.pop("street", None)
    compounds = _compounds_arg(fields)
    apply_fields(task_force, fields)
    _check_team(task_force, compounds)
    if compounds is not None:
        _set_compounds(task_force, compounds)
    return save_validated(task_force, user=user)


@transaction.atomic
def taskforce_member_create(*, user, task_force: TaskForce, **fields) -> TaskForceMember:
    """Add a member to a team (needs the right to change the team)."""
    require_perm(user, "oversight.change_taskforce", task_force)
    member = TaskForceMember(task_force=task_force, **fields)
    return save_validated(member, user=user)


@transaction.atomic
def taskforce_member_update(*, member: TaskForceMember, user, **fields) -> TaskForceMember:
    """Change a member's details; the member stays in the team."""
    require_perm(user, "oversight.change_taskforce", member.task_force)
    fields.pop("task_force", None)
    apply_fields(member, fields)
    return save_validated(member, user=user)


# --- Writes: party organisations --------------------------------------------------------------


def _check_group(group: PartyGroup, compounds):
    if group.founded_on and group.founded_precision == "month":
        group.founded_on = group.founded_on.replace(day=1)
    errors = _community_outside(group)
    if group.kind == PartyGroupKind.HELP_GROUP and group.community_id is None:
        errors["community"] = [_("A help group belongs to a community: choose the community.")]
    if compounds is not None:
        if group.kind == PartyGroupKind.TEMPORARY_BRANCH and not compounds:
            errors["compounds"] = [
                _(
                    "A temporary party branch covers at least one compound: tick the compounds "
                    "it covers."
                )
            ]
        if group.street_id:
            errors |= _compounds_outside(
                group.street,
                compounds,
                message=_(
                    "A party organisation covers compounds of its own street only; not %(names)s."
                ),
            )
    _refuse(errors)


@transaction.atomic
def partygroup_create(*, user, street, compounds=(), **fields) -> PartyGroup:
    """Record a party organisation: a temporary branch of renovated compounds, or a group
    such as a community's help group. A founding known only to the month is kept as the
    month's first day."""
    group = PartyGroup(street=street, **fields)
    require_in_scope(
        user, group, "street", _("You may only record party organisations of your own street.")
    )
    require_perm(user, "oversight.add_partygroup", group)
    compounds = list(compounds or [])
    _check_group(group, compounds)
    save_validated(group, user=user)
    _record_new_compounds(group, compounds, user=user)
    return group


@transaction.atomic
def partygroup_update(*, group: PartyGroup, user, **fields) -> PartyGroup:
    """Change a party organisation; it stays with its street."""
    require_perm(user, "oversight.change_partygroup", group)
    fields.pop("street", None)
    compounds = _compounds_arg(fields)
    apply_fields(group, fields)
    if compounds is None and group.kind == PartyGroupKind.TEMPORARY_BRANCH:
        compounds_now = list(group.compounds.select_related("community"))
        _check_group(group, compounds_now)
    else:
        _check_group(group, compounds)
    if compounds is not None:
        _set_compounds(group, compounds)
    return save_validated(group, user=user)


def _check_party_member(member: PartyMember):
    if member.unit_kind in FIRM_UNITS and not member.unit.strip():
        raise ValidationError(
            {
                "unit": _("Name the %(kind)s this party member comes from.")
                % {"kind": PartyUnit(member.unit_kind).label}
            }
        )


@transaction.atomic
def partymember_create(*, user, group: PartyGroup, **fields) -> PartyMember:
    """Add a party member to an organisation (needs the right to change the organisation)."""
    require_perm(user, "oversight.change_partygroup", group)
    member = PartyMember(group=group, **fields)
    _check_party_member(member)
    return save_validated(member, user=user)


@transaction.atomic
def partymember_update(*, member: PartyMember, user, **fields) -> PartyMember:
    require_perm(user, "oversight.change_partygroup", member.group)
    fields.pop("group", None)
    apply_fields(member, fields)
    _check_party_member(member)
    return save_validated(member, user=user)


# --- Writes: the participation ledger ---------------------------------------------------------


def _check_participant(participant: Participant):
    errors = _community_outside(participant)
    if participant.kind in COMMUNITY_KINDS and participant.community_id is None:
        errors["community"] = [
            _("%(kind)s are counted by community: choose the community.")
            % {"kind": ParticipantKind(participant.kind).label}
        ]
    if participant.kind == ParticipantKind.COMMITTEE and participant.community_id:
        others = Participant.objects.filter(
            kind=ParticipantKind.COMMITTEE, community=participant.community_id
        )
        if participant.pk:
            others = others.exclude(pk=participant.pk)
        if others.exists():
            errors.setdefault("community", []).append(
                _("The ledger has this community's committees already: change that line.")
            )
    if participant.red_property and participant.kind != ParticipantKind.PROPERTY_COMPANY:
        errors["red_property"] = [_("Only a property company can be a red property.")]
    _refuse(errors)


@transaction.atomic
def participant_create(*, user, street, **fields) -> Participant:
    """Add a line to the street's participation ledger."""
    participant = Participant(street=street, **fields)
    require_in_scope(
        user, participant, "street", _("You may only keep the ledger of your own street.")
    )
    require_perm(user, "oversight.add_participant", participant)
    _check_participant(participant)
    return save_validated(participant, user=user)


@transaction.atomic
def participant_update(*, participant: Participant, user, **fields) -> Participant:
    """Change a ledger line; it stays in its street's ledger."""
    require_perm(user, "oversight.change_participant", participant)
    fields.pop("street", None)
    apply_fields(participant, fields)
    _check_participant(participant)
    return save_validated(participant, user=user)


def _check_activity(activity: CampaignActivity):
    errors = _community_outside(activity)
    if activity.participants is not None and activity.participants < 1:
        errors["participants"] = [_("Say how many people took part: at least one.")]
    _refuse(errors)


@transaction.atomic
def campaignactivity_create(*, user, street, **fields) -> CampaignActivity:
    """Record a day of the hygiene campaign and how many took part."""
    activity = CampaignActivity(street=street, **fields)
    require_in_scope(
        user, activity, "street", _("You may only record activities of your own street.")
    )
    require_perm(user, "oversight.add_campaignactivity", activity)
    _check_activity(activity)
    return save_validated(activity, user=user)


@transaction.atomic
def campaignactivity_update(*, activity: CampaignActivity, user, **fields) -> CampaignActivity:
    require_perm(user, "oversight.change_campaignactivity", activity)
    fields.pop("street", None)
    apply_fields(activity, fields)
    _check_activity(activity)
    return save_validated(activity, user=user)
