"""Oversight: organisation, writes and the checks that refuse them.

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
from django.utils.translation import gettext as _

from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from .choices import ParticipantKind, PartyGroupKind, PartyUnit, TeamKind
from .models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from .rules import COMMUNITY_KINDS, FIRM_UNITS

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


def _campaign_record_create(record, *, user, perm, outside_message, check):
    """Save a new record of the campaign (a ledger line, an activity): in the user's own
    street (``outside_message`` otherwise), with ``perm``, after ``check``."""
    require_in_scope(user, record, "street", outside_message)
    require_perm(user, perm, record)
    check(record)
    return save_validated(record, user=user)


def _campaign_record_update(record, fields, *, user, perm, check):
    """Change a record of the campaign with ``perm``, after ``check``; it stays in its
    street."""
    require_perm(user, perm, record)
    fields.pop("street", None)
    apply_fields(record, fields)
    check(record)
    return save_validated(record, user=user)


@transaction.atomic
def participant_create(*, user, street, **fields) -> Participant:
    """Add a line to the street's participation ledger."""
    return _campaign_record_create(
        Participant(street=street, **fields),
        user=user,
        perm="oversight.add_participant",
        outside_message=_("You may only keep the ledger of your own street."),
        check=_check_participant,
    )


@transaction.atomic
def participant_update(*, participant: Participant, user, **fields) -> Participant:
    """Change a ledger line; it stays in its street's ledger."""
    return _campaign_record_update(
        participant,
        fields,
        user=user,
        perm="oversight.change_participant",
        check=_check_participant,
    )


def _check_activity(activity: CampaignActivity):
    errors = _community_outside(activity)
    if activity.participants is not None and activity.participants < 1:
        errors["participants"] = [_("Say how many people took part: at least one.")]
    _refuse(errors)


@transaction.atomic
def campaignactivity_create(*, user, street, **fields) -> CampaignActivity:
    """Record a day of the hygiene campaign and how many took part."""
    return _campaign_record_create(
        CampaignActivity(street=street, **fields),
        user=user,
        perm="oversight.add_campaignactivity",
        outside_message=_("You may only record activities of your own street."),
        check=_check_activity,
    )


@transaction.atomic
def campaignactivity_update(*, activity: CampaignActivity, user, **fields) -> CampaignActivity:
    return _campaign_record_update(
        activity, fields, user=user, perm="oversight.change_campaignactivity", check=_check_activity
    )
