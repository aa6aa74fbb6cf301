"""The organisation's pages: street staff set up teams and party organisations, add their
members and keep the participation ledger; the pages show who answers for each compound, the
figures counted from the ledger and the history of every change; bad input gets a sentence on
the form, never a 500; another street's records are not found; a compound's page shows the
teams and organisations working on it."""

import datetime

import pytest
from django.urls import reverse

from common import clock
from oversight.models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)
from tests.oversight.organisation.matrix import (
    activity_a,
    group_a,
    participant_a,
    team_a,
    team_member_a,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(en, world):
    en.force_login(world.users["street_staff"])
    return en


def _contacts(world):
    world.a1.person_in_charge = "王建军"
    world.a1.person_in_charge_phone = "+8613800001000"
    world.a1.contact_person = "刘洋"
    world.a1.contact_phone = "+8613900002000"
    world.a1.save()


# --- Teams -------------------------------------------------------------------------------------


def test_street_staff_set_up_a_team_and_see_who_answers_for_its_compounds(staff, world):
    _contacts(world)
    response = staff.post(
        reverse("oversight:taskforce_create"),
        {"street": world.street_a.pk, "kind": "city_management", "name": "城管专班",
         "duties": "拆除违建", "compounds": [world.a1.pk, world.a2.pk]},
    )  # fmt: skip
    team = TaskForce.objects.get(name="城管专班")
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    text = page_text(staff.get(team.get_absolute_url()))
    assert "拆除违建" in text
    assert "甲一1号院" in text and "甲二2号院" in text
    assert "王建军" in text and "刘洋" in text
    html = staff.get(team.get_absolute_url()).content.decode()
    assert 'href="tel:+8613800001000"' in html and 'href="tel:+8613900002000"' in html


def test_the_street_field_is_hidden_for_staff_of_one_street(staff):
    html = staff.get(reverse("oversight:taskforce_create")).content.decode()
    assert 'type="hidden" name="street"' in html


def test_a_second_leading_group_is_refused_with_a_sentence(staff, world):
    TaskForce.objects.create(street=world.street_a, kind="leading_group", name="领导小组")
    response = staff.post(
        reverse("oversight:taskforce_create"),
        {"street": world.street_a.pk, "kind": "leading_group", "name": "另一个领导小组"},
    )
    assert response.status_code == 200
    assert "The street has its leading group already" in page_text(response)


def test_a_compound_of_another_street_is_no_choice(staff, world):
    response = staff.post(
        reverse("oversight:taskforce_create"),
        {"street": world.street_a.pk, "kind": "community_grid", "name": "网格专班",
         "compounds": [world.b1.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert not TaskForce.objects.filter(name="网格专班").exists()


def test_another_streets_street_is_refused(staff, world):
    response = staff.post(
        reverse("oversight:taskforce_create"),
        {"street": world.street_b.pk, "kind": "community_grid", "name": "网格专班"},
    )
    assert response.status_code == 200
    assert not TaskForce.objects.filter(name="网格专班").exists()


def test_a_team_keeps_its_history_with_the_compounds_by_name(staff, world):
    team = team_a(world)
    response = staff.post(
        reverse("oversight:taskforce_update", args=[team.pk]),
        {"kind": "community_governance", "name": team.name, "duties": "议事协商",
         "compounds": [world.a2.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.duties == "议事协商" and list(team.compounds.all()) == [world.a2]
    text = page_text(staff.get(team.get_absolute_url()))
    assert "入户走访收集意见 → 议事协商" in text
    assert "甲一1号院 → 甲二2号院" in text


def test_members_are_added_one_after_another_and_changed(staff, world):
    team = team_a(world)
    response = staff.post(
        reverse("oversight:taskforce_member_create", args=[team.pk]),
        {"name": "曹文涛", "unit": "甲一社区", "position": "成员", "another": "1"},
    )
    assert response["Location"] == reverse("oversight:taskforce_member_create", args=[team.pk])
    member = team_member_a(world)
    response = staff.post(
        reverse("oversight:taskforce_member_update", args=[member.pk]),
        {"name": "郑晓燕", "position": "副组长"},
    )
    assert response["Location"] == team.get_absolute_url()
    assert TaskForceMember.objects.get(pk=member.pk).position == "副组长"
    assert "曹文涛" in page_text(staff.get(team.get_absolute_url()))
    assert "组长 → 副组长" in page_text(
        staff.get(reverse("oversight:taskforce_member_update", args=[member.pk]))
    )


def test_a_member_without_a_name_gets_the_form_back(staff, world):
    response = staff.post(
        reverse("oversight:taskforce_member_create", args=[team_a(world).pk]), {"name": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in page_text(response)


def test_community_staff_read_the_teams_but_change_nothing(en, world):
    team = team_a(world)
    en.force_login(world.users["community_staff"])
    text = page_text(en.get(team.get_absolute_url()))
    assert team.name in text and "Add a member" not in text
    assert "New team" not in page_text(en.get(reverse("oversight:taskforce_list")))
    assert en.get(reverse("oversight:taskforce_update", args=[team.pk])).status_code == 403


def test_another_streets_records_are_not_found(staff, world):
    team = TaskForce.objects.create(street=world.street_b, kind="community_grid", name="乙网格")
    member = TaskForceMember.objects.create(task_force=team, name="某人")
    group = PartyGroup.objects.create(
        street=world.street_b, kind="help_group", name="乙帮帮团",
        founded_on=datetime.date(2018, 4, 1),
    )  # fmt: skip
    line = Participant.objects.create(street=world.street_b, kind="volunteer_team", name="乙队")
    for url in (
        reverse("oversight:taskforce_detail", args=[team.pk]),
        reverse("oversight:taskforce_update", args=[team.pk]),
        reverse("oversight:taskforce_member_update", args=[member.pk]),
        reverse("oversight:partygroup_detail", args=[group.pk]),
        reverse("oversight:partymember_create", args=[group.pk]),
        reverse("oversight:participant_update", args=[line.pk]),
    ):
        assert staff.get(url).status_code == 404, url


def test_the_team_list_filters_by_kind_and_compound(staff, world):
    team_a(world)
    TaskForce.objects.create(street=world.street_a, kind="community_grid", name="网格专班")
    TaskForce.objects.create(street=world.street_a, kind="leading_group", name="领导小组")
    response = staff.get(reverse("oversight:taskforce_list"))
    names = [team.name for team in response.context["page"]]
    assert names == ["领导小组", "甲街道社区治理专班", "网格专班"]  # the leading group first
    response = staff.get(reverse("oversight:taskforce_list"), {"compound": world.a1.pk})
    assert [team.name for team in response.context["page"]] == ["甲街道社区治理专班"]
    response = staff.get(reverse("oversight:taskforce_list"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert "Some filters are not valid" in page_text(response)


# --- Party organisations -----------------------------------------------------------------------


def test_a_branch_founded_in_a_month_shows_the_month(staff, world):
    _contacts(world)
    response = staff.post(
        reverse("oversight:partygroup_create"),
        {"street": world.street_a.pk, "kind": "temporary_branch",
         "community": world.community_a1.pk, "name": "片区临时党支部", "founded_on": "2020-05-18",
         "founded_precision": "month", "description": "拆违、管网入地",
         "compounds": [world.a1.pk]},
    )  # fmt: skip
    group = PartyGroup.objects.get(name="片区临时党支部")
    assert response["Location"] == group.get_absolute_url()
    assert group.founded_on == datetime.date(2020, 5, 1)
    text = page_text(staff.get(group.get_absolute_url()))
    assert "2020-05" in text and "2020-05-01" not in text
    assert "甲一1号院" in text and "王建军" in text


def test_a_branch_without_compounds_is_refused_with_a_sentence(staff, world):
    response = staff.post(
        reverse("oversight:partygroup_create"),
        {"street": world.street_a.pk, "kind": "temporary_branch", "name": "支部",
         "founded_on": "2020-05-01", "founded_precision": "day"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "A temporary party branch covers at least one compound" in page_text(response)


def test_a_founding_in_the_future_or_not_a_date_is_refused(staff, world):
    future = (clock.today() + datetime.timedelta(days=3)).isoformat()
    for founded_on, message in ((future, "This day is in the future."),
                                ("2020-13-40", "Enter a valid date.")):  # fmt: skip
        response = staff.post(
            reverse("oversight:partygroup_create"),
            {"street": world.street_a.pk, "kind": "help_group",
             "community": world.community_a1.pk, "name": "帮帮团", "founded_on": founded_on,
             "founded_precision": "month"},
        )  # fmt: skip
        assert response.status_code == 200
        assert message in page_text(response)


def test_a_party_member_from_the_builder_names_the_firm(staff, world):
    group = group_a(world)
    url = reverse("oversight:partymember_create", args=[group.pk])
    response = staff.post(url, {"name": "潘建国", "unit_kind": "builder"})
    assert response.status_code == 200
    assert "Name the builder this party member comes from." in page_text(response)
    response = staff.post(url, {"name": "潘建国", "unit_kind": "builder", "unit": "宏建公司"})
    assert response["Location"] == group.get_absolute_url()
    text = page_text(staff.get(group.get_absolute_url()))
    assert "潘建国" in text and "宏建公司" in text
    member = PartyMember.objects.get(name="潘建国")
    response = staff.post(
        reverse("oversight:partymember_update", args=[member.pk]),
        {"name": "潘建国", "unit_kind": "builder", "unit": "宏建公司", "position": "委员"},
    )
    assert response.status_code == 302


def test_party_organisations_filter_by_kind_and_community(staff, world):
    group_a(world)
    PartyGroup.objects.create(
        street=world.street_a, community=world.community_a2, kind="help_group",
        name="甲二党员帮帮团", founded_on=datetime.date(2018, 4, 1), founded_precision="month",
    )  # fmt: skip
    response = staff.get(reverse("oversight:partygroup_list"), {"kind": "help_group"})
    assert [g.name for g in response.context["page"]] == ["甲二党员帮帮团"]
    response = staff.get(reverse("oversight:partygroup_list"), {"community": world.community_b1.pk})
    assert "Some filters are not valid" in page_text(response)


# --- The participation ledger ------------------------------------------------------------------


@pytest.fixture
def ledger(world):
    participant_a(world)
    Participant.objects.create(
        street=world.street_a, community=world.community_a1, kind="building_head",
        name="甲一社区楼栋长", people=30,
    )  # fmt: skip
    Participant.objects.create(
        street=world.street_a, community=world.community_a2, kind="property_company",
        name="万象美物业", people=6, red_property=True,
    )  # fmt: skip
    Participant.objects.create(
        street=world.street_b, community=world.community_b1, kind="committee", name="乙一两委",
        people=9,
    )  # fmt: skip
    activity_a(world)
    return world


def test_the_ledger_shows_the_figures_counted_from_its_lines(staff, ledger):
    response = staff.get(reverse("oversight:participation"))
    figures = response.context["summary"]["figures"]
    assert figures["communities"] == 1
    assert figures["property_companies"] == 1 and figures["red_property_companies"] == 1
    assert figures["building_heads"] == 30
    assert figures["people"] == 47
    text = page_text(response)
    assert "甲街道" in text and "万象美物业" in text and "乙一两委" not in text
    assert "1 red property" in text
    assert "Communities whose committees are not in the ledger yet: 甲二社区" in text
    assert "Days of the campaign recorded: 1; people taking part in all: 40." in text


def test_the_ledger_filters_its_lines_but_keeps_the_streets_figures(staff, ledger):
    response = staff.get(reverse("oversight:participation"), {"kind": "property_company"})
    assert [line.name for line in response.context["page"]] == ["万象美物业"]
    assert response.context["summary"]["figures"]["people"] == 47
    response = staff.get(reverse("oversight:participation"), {"red_property": "maybe"})
    assert response.status_code == 200
    assert "Choose yes or no." in page_text(response)
    assert list(response.context["page"]) == []


def test_another_street_in_the_ledger_is_an_invalid_filter(staff, ledger):
    response = staff.get(reverse("oversight:participation"), {"street": ledger.street_b.pk})
    assert response.status_code == 200
    assert response.context["summary"] is None
    assert "Some filters are not valid" in page_text(response)


def test_the_inspector_chooses_the_street_of_the_ledger(en, ledger):
    en.force_login(ledger.users["inspector"])
    response = en.get(reverse("oversight:participation"), {"street": ledger.street_b.pk})
    assert response.context["summary"]["figures"]["communities"] == 1
    assert [line.name for line in response.context["page"]] == ["乙一两委"]
    assert 'name="street"' in response.content.decode()  # several streets: the filter shows


def test_a_line_is_added_and_another_started_of_the_same_kind(staff, world):
    response = staff.post(
        reverse("oversight:participant_create"),
        {"street": world.street_a.pk, "kind": "volunteer_team", "community": world.community_a1.pk,
         "name": "甲一党员志愿服务队", "people": 30, "another": "1"},
    )  # fmt: skip
    assert response["Location"] == reverse("oversight:participant_create") + "?kind=volunteer_team"
    form = staff.get(response["Location"]).context["form"]
    assert form.initial["kind"] == "volunteer_team"
    assert Participant.objects.get(name="甲一党员志愿服务队").people == 30


def test_bad_lines_are_refused_with_sentences(staff, world):
    participant_a(world)
    cases = [
        ({"kind": "committee", "name": "两委"}, "are counted by community: choose the community"),
        ({"kind": "committee", "community": world.community_a1.pk, "name": "又一个两委"},
         "The ledger has this community's committees already"),
        ({"kind": "volunteer_team", "name": "队", "red_property": "on"},
         "Only a property company can be a red property."),
        ({"kind": "volunteer_team", "name": "队", "people": 0},
         "Ensure this value is greater than or equal to 1."),
        ({"kind": "volunteer_team", "name": "队", "people": "很多"}, "Enter a whole number."),
        ({"kind": "committee", "community": world.community_a1.pk, "name": "甲一社区两委"},
         "The ledger has this participant already."),
    ]  # fmt: skip
    for data, message in cases:
        response = staff.post(
            reverse("oversight:participant_create"),
            {"street": world.street_a.pk, "people": 1, **data},
        )
        assert response.status_code == 200, data
        assert message in page_text(response), (data, page_text(response)[:2000])
    assert Participant.objects.count() == 1


def test_a_line_changed_shows_its_history(staff, world):
    line = participant_a(world)
    response = staff.post(
        reverse("oversight:participant_update", args=[line.pk]),
        {"kind": "committee", "community": world.community_a1.pk, "name": line.name,
         "people": 14},
    )  # fmt: skip
    assert (
        response["Location"] == f"{reverse('oversight:participation')}?street={world.street_a.pk}"
    )
    text = page_text(staff.get(reverse("oversight:participant_update", args=[line.pk])))
    assert "11 → 14" in text


def test_activities_are_recorded_listed_and_corrected(staff, world):
    response = staff.post(
        reverse("oversight:campaignactivity_create"),
        {"street": world.street_a.pk, "community": world.community_a2.pk, "date": "2020-06-06",
         "title": "卫生死角清运", "participants": 80},
    )  # fmt: skip
    assert response["Location"] == reverse("oversight:campaignactivity_list")
    activity = CampaignActivity.objects.get(title="卫生死角清运")
    text = page_text(staff.get(reverse("oversight:campaignactivity_list")))
    assert "2020-06-06" in text and "甲二社区" in text
    future = (clock.today() + datetime.timedelta(days=1)).isoformat()
    for data, message in (({"participants": 0}, "at least one"),
                          ({"date": future}, "This day is in the future.")):  # fmt: skip
        response = staff.post(
            reverse("oversight:campaignactivity_update", args=[activity.pk]),
            {"date": "2020-06-06", "title": "卫生死角清运", "participants": 80, **data},
        )
        assert response.status_code == 200
        assert message in page_text(response)
    response = staff.post(
        reverse("oversight:campaignactivity_update", args=[activity.pk]),
        {"date": "2020-06-06", "title": "卫生死角清运", "participants": 85},
    )
    assert response.status_code == 302
    assert CampaignActivity.objects.get(pk=activity.pk).participants == 85


def test_the_ledger_page_keeps_its_queries_few(staff, world, django_assert_max_num_queries):
    """The figures, the rows by community and a page of lines do not cost a query a line."""
    for number in range(40):
        Participant.objects.create(
            street=world.street_a, community=world.community_a1, kind="volunteer_team",
            name=f"志愿队{number}", people=20,
        )  # fmt: skip
    with django_assert_max_num_queries(20):
        response = staff.get(reverse("oversight:participation"))
    assert response.context["summary"]["figures"]["volunteer_teams"] == 40


# --- The compound's page -----------------------------------------------------------------------


def test_a_compounds_page_shows_the_teams_and_organisations_working_on_it(en, world):
    team_a(world)
    group_a(world)
    en.force_login(world.users["community_staff"])
    text = page_text(en.get(world.a1.get_absolute_url()))
    assert "Who works on it" in text
    assert "甲街道社区治理专班" in text and "甲一片区临时党支部" in text
    assert "founded 2020-05" in text


def test_the_supervisor_does_not_see_the_organisation_panel(en, world):
    team_a(world)
    en.force_login(world.users["supervisor"])
    text = page_text(en.get(world.a1.get_absolute_url()))
    assert "Who works on it" not in text and "甲街道社区治理专班" not in text
