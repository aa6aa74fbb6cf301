"""The organisation's services: the writes of teams, party organisations, their members,
ledger lines and activities, each refused with a whole sentence when it breaks a rule, outside
the user's street, or by a role that may not keep it; every change kept in the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common import clock
from oversight.models import Participant, PartyGroup, TaskForce, TaskForceMember
from oversight.organisation import selectors, services
from tests.oversight.organisation.matrix import (
    activity_a,
    group_a,
    participant_a,
    party_member_a,
    team_a,
    team_member_a,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_staff(world):
    return world.users["street_staff"]


# --- Teams ------------------------------------------------------------------------------------


def test_street_staff_set_up_a_team_serving_compounds_of_their_street(world, street_staff):
    team = services.taskforce_create(
        user=street_staff, street=world.street_a, kind="city_management", name="城管专班",
        duties="拆违", compounds=[world.a1, world.a2],
    )  # fmt: skip
    assert set(team.compounds.all()) == {world.a1, world.a2}
    newest = team.history.first()
    assert newest.history_user == street_staff
    assert set(newest.compounds.values_list("compound", flat=True)) == {world.a1.pk, world.a2.pk}


def test_a_team_serves_no_compound_of_another_street(world, street_staff):
    with pytest.raises(ValidationError) as error:
        services.taskforce_create(
            user=None, street=world.street_a, kind="city_management", name="城管专班",
            compounds=[world.a1, world.b1],
        )  # fmt: skip
    assert "乙一3号院" in error.value.message_dict["compounds"][0]
    assert not TaskForce.objects.filter(name="城管专班").exists()


def test_a_street_has_one_leading_group(world):
    services.taskforce_create(
        user=None, street=world.street_a, kind="leading_group", name="领导小组"
    )
    with pytest.raises(ValidationError) as error:
        services.taskforce_create(
            user=None, street=world.street_a, kind="leading_group", name="第二领导小组"
        )
    assert "kind" in error.value.message_dict
    # Another street has its own.
    services.taskforce_create(
        user=None, street=world.street_b, kind="leading_group", name="领导小组"
    )


def test_a_team_name_is_used_once_per_street(world):
    services.taskforce_create(
        user=None, street=world.street_a, kind="community_grid", name="网格专班"
    )
    with pytest.raises(ValidationError):
        services.taskforce_create(
            user=None, street=world.street_a, kind="community_grid", name="网格专班"
        )


def test_teams_are_set_up_in_the_users_own_street_only(world, street_staff):
    with pytest.raises(ValidationError) as error:
        services.taskforce_create(
            user=street_staff, street=world.street_b, kind="community_grid", name="网格专班"
        )
    assert "street" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.taskforce_create(
            user=world.users["community_staff"], street=world.street_a, kind="community_grid",
            name="网格专班",
        )  # fmt: skip


def test_updating_a_team_keeps_its_street_and_records_the_compounds_changed(world, street_staff):
    """The street stays; the compounds' change is recorded with the other changes, in one
    history entry naming the user, and shown by the compounds' names."""
    team = team_a(world)
    entries = team.history.count()
    services.taskforce_update(
        task_force=team, user=street_staff, street=world.street_b, duties="入户走访",
        compounds=[world.a2],
    )  # fmt: skip
    assert team.history.count() == entries + 1  # the duties and the compounds, in one entry
    team.refresh_from_db()
    assert team.street == world.street_a
    assert list(team.compounds.all()) == [world.a2]
    changes = selectors.display_change(
        TaskForce._meta.get_field("compounds"),
        [{"taskforce": team.pk, "compound": world.a2.pk}],
        user=street_staff,
    )
    assert changes == "甲二2号院"
    history = team.history.order_by("history_date", "history_id")
    assert history.last().history_user == street_staff
    assert list(history.last().compounds.values_list("compound", flat=True)) == [world.a2.pk]


def test_updating_a_team_without_compounds_leaves_them(world):
    team = team_a(world)
    services.taskforce_update(task_force=team, user=None, duties="改了")
    assert list(team.compounds.all()) == [world.a1]


def test_community_staff_may_not_change_a_team(world):
    with pytest.raises(PermissionDenied):
        services.taskforce_update(
            task_force=team_a(world), user=world.users["community_staff"], duties="改"
        )


def test_members_are_kept_through_the_teams_change_permission(world, street_staff):
    team = team_a(world)
    member = services.taskforce_member_create(
        user=street_staff, task_force=team, name="曹文涛", position="成员"
    )
    services.taskforce_member_update(
        member=member, user=street_staff, task_force=TaskForce(pk=999), duty="入户走访"
    )
    member.refresh_from_db()
    assert member.task_force == team and member.duty == "入户走访"
    with pytest.raises(PermissionDenied):
        services.taskforce_member_create(
            user=world.users["inspector"], task_force=team, name="某人"
        )
    with pytest.raises(PermissionDenied):
        services.taskforce_member_update(
            member=team_member_a(world), user=world.users["community_staff"], duty="改"
        )
    assert TaskForceMember.objects.filter(task_force=team).count() == 2


# --- Party organisations ----------------------------------------------------------------------


def test_a_founding_known_to_the_month_is_kept_as_its_first_day(world, street_staff):
    group = services.partygroup_create(
        user=street_staff, street=world.street_a, kind="temporary_branch",
        community=world.community_a1, name="片区临时党支部",
        founded_on=datetime.date(2020, 5, 20), founded_precision="month", compounds=[world.a1],
    )  # fmt: skip
    assert group.founded_on == datetime.date(2020, 5, 1)
    day = services.partygroup_update(
        group=group, user=street_staff, founded_on=datetime.date(2020, 5, 20),
        founded_precision="day",
    )  # fmt: skip
    assert day.founded_on == datetime.date(2020, 5, 20)


def test_a_temporary_branch_covers_at_least_one_compound(world):
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="temporary_branch", name="支部",
            founded_on=datetime.date(2020, 5, 1), compounds=[],
        )  # fmt: skip
    assert "compounds" in error.value.message_dict
    group = group_a(world)
    with pytest.raises(ValidationError):
        services.partygroup_update(group=group, user=None, compounds=[])


def test_a_branch_covers_compounds_of_its_own_street_only(world):
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="temporary_branch", name="支部",
            founded_on=datetime.date(2020, 5, 1), compounds=[world.b1],
        )  # fmt: skip
    assert "乙一3号院" in error.value.message_dict["compounds"][0]


def test_a_help_group_belongs_to_a_community_of_its_street(world):
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="help_group", name="党员帮帮团",
            founded_on=datetime.date(2018, 4, 1),
        )  # fmt: skip
    assert "community" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="help_group", name="党员帮帮团",
            community=world.community_b1, founded_on=datetime.date(2018, 4, 1),
        )  # fmt: skip
    assert "community" in error.value.message_dict
    group = services.partygroup_create(
        user=None, street=world.street_a, kind="help_group", name="党员帮帮团",
        community=world.community_a2, founded_on=datetime.date(2018, 4, 1),
    )  # fmt: skip
    assert group.compounds.count() == 0


def test_a_founding_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="temporary_branch", name="支部",
            founded_on=clock.today() + datetime.timedelta(days=40), compounds=[world.a1],
        )  # fmt: skip
    assert "founded_on" in error.value.message_dict


def test_a_party_member_from_a_firm_names_the_firm(world, street_staff):
    group = group_a(world)
    with pytest.raises(ValidationError) as error:
        services.partymember_create(
            user=street_staff, group=group, name="许志远", unit_kind="builder"
        )
    assert "unit" in error.value.message_dict
    member = services.partymember_create(
        user=street_staff, group=group, name="许志远", unit_kind="builder", unit="宏建公司"
    )
    with pytest.raises(ValidationError):
        services.partymember_update(member=member, user=street_staff, unit="  ")
    # A resident or the community need not name a unit.
    services.partymember_create(user=street_staff, group=group, name="刘振华", unit_kind="resident")


def test_party_members_are_kept_through_the_organisations_change_permission(world):
    with pytest.raises(PermissionDenied):
        services.partymember_update(
            member=party_member_a(world), user=world.users["inspector"], position="委员"
        )


# --- The ledger and its activities ------------------------------------------------------------


def test_a_line_of_community_people_names_its_community(world):
    for kind in ("committee", "building_head", "active_resident"):
        with pytest.raises(ValidationError) as error:
            services.participant_create(user=None, street=world.street_a, kind=kind, name=kind)
        assert "community" in error.value.message_dict
    # Companies and teams may be street-wide.
    services.participant_create(
        user=None, street=world.street_a, kind="volunteer_team", name="志愿队"
    )


def test_a_community_has_one_committee_line(world):
    participant_a(world)
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            user=None, street=world.street_a, kind="committee", name="甲一两委（二）",
            community=world.community_a1,
        )  # fmt: skip
    assert "community" in error.value.message_dict
    # The line itself may change.
    services.participant_update(participant=participant_a(world), user=None, people=12)


def test_only_a_property_company_is_a_red_property(world):
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            user=None, street=world.street_a, kind="volunteer_team", name="志愿队",
            red_property=True,
        )  # fmt: skip
    assert "red_property" in error.value.message_dict
    company = services.participant_create(
        user=None, street=world.street_a, kind="property_company", name="万象美物业",
        red_property=True, people=6,
    )  # fmt: skip
    assert company.red_property


def test_a_line_community_is_of_the_ledgers_street_and_the_line_stays_there(world):
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            user=None, street=world.street_a, kind="building_head", name="楼栋长",
            community=world.community_b1, people=30,
        )  # fmt: skip
    assert "community" in error.value.message_dict
    line = services.participant_update(
        participant=participant_a(world), user=None, street=world.street_b
    )
    assert line.street == world.street_a


def test_a_line_brings_at_least_one_person_and_its_name_once(world):
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            user=None, street=world.street_a, kind="volunteer_team", name="志愿队", people=0
        )
    assert "people" in error.value.message_dict
    services.participant_create(
        user=None, street=world.street_a, kind="volunteer_team", name="志愿队"
    )
    with pytest.raises(ValidationError):
        services.participant_create(
            user=None, street=world.street_a, kind="volunteer_team", name="志愿队"
        )


def test_ledger_is_kept_by_street_staff_of_its_street(world, street_staff):
    with pytest.raises(ValidationError):
        services.participant_create(
            user=street_staff, street=world.street_b, kind="volunteer_team", name="志愿队"
        )
    with pytest.raises(PermissionDenied):
        services.participant_update(
            participant=participant_a(world), user=world.users["community_staff"], people=1
        )


def test_an_activity_needs_participants_a_past_day_and_a_community_of_its_street(world):
    base = {"user": None, "street": world.street_a, "title": "大扫除"}
    with pytest.raises(ValidationError) as error:
        services.campaignactivity_create(**base, date=datetime.date(2020, 5, 1), participants=0)
    assert "participants" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.campaignactivity_create(
            **base, date=clock.today() + datetime.timedelta(days=1), participants=5
        )
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.campaignactivity_create(
            **base, date=datetime.date(2020, 5, 1), participants=5, community=world.community_b1
        )
    assert "community" in error.value.message_dict
    activity = services.campaignactivity_update(
        activity=activity_a(world), user=None, participants=41
    )
    assert activity.participants == 41 and activity.history.count() == 2


# --- Reads ------------------------------------------------------------------------------------


def test_participation_counts_a_streets_ledger_by_community(world):
    """The figures of street 甲 come from its own lines only, with a row per community that
    has lines, one for street-wide lines, and the communities whose committees are missing."""
    participant_a(world)
    Participant.objects.create(
        street=world.street_a, community=world.community_a1, kind="building_head",
        name="甲一楼栋长", people=30,
    )  # fmt: skip
    Participant.objects.create(
        street=world.street_a, kind="property_company", name="万象美物业", people=6,
        red_property=True,
    )  # fmt: skip
    Participant.objects.create(
        street=world.street_b, community=world.community_b1, kind="committee", name="乙一两委",
        people=9,
    )  # fmt: skip
    activity_a(world)
    summary = selectors.participation(street=world.street_a)
    assert summary["figures"] == {
        "communities": 1, "property_companies": 1, "red_property_companies": 1,
        "building_heads": 30, "volunteer_teams": 0, "volunteers": 0, "active_residents": 0,
        "people": 47,
    }  # fmt: skip
    assert summary["lines"] == 3
    rows = {
        row["community"].name if row["community"] else None: row for row in summary["communities"]
    }
    assert rows["甲一社区"]["people"] == 41 and rows["甲一社区"]["committee"] == 11
    assert rows[None]["property_companies"] == 1
    assert summary["totals"]["people"] == 47 and summary["totals"]["building_heads"] == 30
    assert [c.name for c in summary["communities_without_committee"]] == ["甲二社区"]
    assert summary["activity_count"] == 1 and summary["activity_people"] == 40


def test_the_panel_shows_the_compounds_teams_and_organisations_to_readers_only(world):
    team_a(world)
    group_a(world)
    panel = selectors.compound_panel(world.a1, world.users["community_staff"])
    assert [t.name for t in panel["teams"]] == ["甲街道社区治理专班"]
    assert [g.name for g in panel["groups"]] == ["甲一片区临时党支部"]
    assert selectors.compound_panel(world.a2, world.users["community_staff"])["teams"] == []
    assert selectors.compound_panel(world.a1, world.users["supervisor"]) is None


def test_lists_are_scoped_to_the_users_street(world):
    team_a(world)
    TaskForce.objects.create(street=world.street_b, kind="community_grid", name="乙网格专班")
    PartyGroup.objects.create(
        street=world.street_b, kind="help_group", name="乙帮帮团",
        founded_on=datetime.date(2018, 4, 1),
    )  # fmt: skip
    group_a(world)
    staff = world.users["other_community_staff"]
    assert [t.name for t in selectors.taskforce_list(user=staff)] == ["甲街道社区治理专班"]
    assert [g.name for g in selectors.partygroup_list(user=staff)] == ["甲一片区临时党支部"]
    assert selectors.taskforce_list(user=world.users["inspector"]).count() == 2
    assert selectors.default_street(user=staff) == world.street_a


def test_every_broken_rule_is_reported_at_once(world):
    """A committee line with no community that claims to be a red property gets both reasons;
    a branch of another street's community with no compound gets both too."""
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            user=None, street=world.street_a, kind="committee", name="两委", red_property=True
        )
    assert {"community", "red_property"} <= error.value.message_dict.keys()
    with pytest.raises(ValidationError) as error:
        services.partygroup_create(
            user=None, street=world.street_a, kind="temporary_branch", name="支部",
            community=world.community_b1, founded_on=datetime.date(2020, 5, 1), compounds=[],
        )  # fmt: skip
    assert {"community", "compounds"} <= error.value.message_dict.keys()
