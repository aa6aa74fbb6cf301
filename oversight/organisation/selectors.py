"""Oversight: organisation, reads scoped to the user. Imported by OversightConfig.ready(), so
the panel it registers on a compound's page is in place before the first request.

Who does the work (专班负责, 党建引领): the street's leading group and the teams of its task
force, with their members and the compounds each serves; the party organisations (temporary
party branches of renovated compounds, help groups of a community) with their members and the
compounds they cover; and the participation ledger of the hygiene campaign, whose figures
(communities, property companies, building heads, volunteer teams, active residents, people)
are counted from its lines by ``rules.participation_figures``.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Sum, Value, When

from compounds.models import Community, Compound, Street
from compounds.panels import Panel, register
from compounds.rules import other_compounds
from compounds.selectors import (
    display_value,
    in_scope,
    plan_default,
    scope_for,
    scoped,
    street_list,
)

from .choices import ParticipantKind, TeamKind
from .models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from .rules import participation_figures

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


@dataclass(frozen=True)
class Served:
    """The compounds a team serves or an organisation covers, as a user may see them: those of
    the user's scope with their people, the others only counted."""

    compounds: list
    others: int

    @property
    def total(self) -> int:
        return len(self.compounds) + self.others

    @property
    def others_text(self) -> str:
        """ "2 other compounds" (empty when there are none)."""
        return other_compounds(self.others)


def served_compounds(obj, *, user) -> Served:
    """The compounds a team serves or an organisation covers, with who answers for each
    (person in charge, 专人负责; contact, 专人对接) and their phones: those in the user's scope,
    and how many others (counted, never named)."""
    if "compounds" in getattr(obj, "_prefetched_objects_cache", {}):
        rows = sorted(obj.compounds.all(), key=lambda c: (c.community.name, c.name, c.pk))
    else:
        rows = obj.compounds.select_related("community").order_by("community__name", "name", "pk")
    seen = [compound for compound in rows if in_scope(user, compound)]
    return Served(compounds=seen, others=len(rows) - len(seen))


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
    plan's street, the chosen street or community), in one query: the article's figures.

    The ledger is the street's (its list is scoped by street), but the card follows the
    dashboard's other figures: a user of a community or compound counts their community's
    lines, not the street-wide ones."""
    rows = scoped(Participant.objects.all(), selection.user)
    scope = scope_for(selection.user)
    if scope.community_id is not None:
        rows = rows.filter(community_id=scope.community_id)
    if selection.plan_id:
        rows = rows.filter(street__plans=selection.plan_id)
    if selection.street_id:
        rows = rows.filter(street_id=selection.street_id)
    if selection.community_id:
        rows = rows.filter(community_id=selection.community_id)
    return participation_figures(
        rows.order_by().values_list("kind", "community_id", "people", "red_property")
    )


def participation(*, street: Street) -> dict:
    """A street's participation ledger, counted: the article's figures (from
    ``participation_figures``), a row per community, and its activities."""
    rows = list(
        Participant.objects.filter(street=street).values_list(
            "kind", "community_id", "people", "red_property"
        )
    )
    figures = participation_figures(rows)
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


def display_change(field, value, *, user):
    """Show a stored value in a team's or organisation's history, the served compounds (kept
    as rows of the link table) by their names: those of the user's scope, the others
    counted."""
    if field.many_to_many:
        ids = [row.get(field.m2m_reverse_field_name()) for row in value or []]
        compounds = Compound.objects.filter(pk__in=ids)
        names = list(scoped(compounds, user).order_by("name").values_list("name", flat=True))
        others = other_compounds(compounds.count() - len(names))
        return "、".join([*names, others] if others else names) or "—"
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
