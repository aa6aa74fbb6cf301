"""The organisation's API: teams and party organisations with their members (nested, read-only)
and the compounds with who answers for each; ledger lines and activities through the same
services as the pages (a broken rule is a 400 with the sentence); a street's participation
figures; the same FilterSets as the pages, every model field with a filter or a reason."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import permission_cache
from common.filters import SearchFilter
from oversight.models import CampaignActivity, Participant, PartyGroup, TaskForce
from oversight.organisation.filtersets import (
    CampaignActivityFilterSet,
    ParticipantFilterSet,
    PartyGroupFilterSet,
    TaskForceFilterSet,
)
from tests.oversight.organisation.matrix import (
    activity_a,
    group_a,
    participant_a,
    party_member_a,
    team_a,
    team_member_a,
)

pytestmark = pytest.mark.django_db


def _post(client, name, data):
    return client.post(reverse(name), data, content_type="application/json")


def _patch(client, name, pk, data):
    return client.patch(reverse(name, args=[pk]), data, content_type="application/json")


def test_teams_come_with_their_members_and_whom_to_call_for_each_compound(api, world):
    world.a1.person_in_charge = "王建军"
    world.a1.person_in_charge_phone = "+8613800001000"
    world.a1.save()
    team_member_a(world)
    response = api.get(reverse("api:taskforce-list"))
    assert response.status_code == 200
    (team,) = response.json()["results"]
    assert team["name"] == "甲街道社区治理专班" and team["compounds"] == [world.a1.pk]
    assert team["members"] == [
        {"id": team_member_a(world).pk, "name": "郑晓燕", "unit": "", "position": "组长",
         "duty": ""},
    ]  # fmt: skip
    (contact,) = team["compound_contacts"]
    assert contact["name"] == "甲一1号院" and contact["community"] == "甲一社区"
    assert contact["person_in_charge"] == "王建军"
    assert contact["person_in_charge_phone"] == "138 0000 1000"  # as the compound API has it
    assert contact["contact_phone"] == ""


def test_a_team_is_created_and_changed_through_the_services(api, world):
    response = _post(
        api, "api:taskforce-list",
        {"street": world.street_a.pk, "kind": "leading_group", "name": "领导小组",
         "compounds": [world.a1.pk]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = _post(
        api, "api:taskforce-list",
        {"street": world.street_a.pk, "kind": "leading_group", "name": "第二领导小组"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The street has its leading group already" in response.json()["kind"][0]
    response = _patch(
        api, "api:taskforce-detail", pk, {"street": world.street_b.pk, "compounds": [world.a2.pk]}
    )
    assert response.status_code == 200
    team = TaskForce.objects.get(pk=pk)
    assert team.street == world.street_a and list(team.compounds.all()) == [world.a2]
    assert team.history.first().history_user == world.users["street_staff"]


def test_a_compound_outside_the_scope_or_of_another_street_is_a_400(api, client, world):
    data = {"street": world.street_a.pk, "kind": "community_grid", "name": "网格专班",
            "compounds": [world.b1.pk]}  # fmt: skip
    response = _post(api, "api:taskforce-list", data)
    assert response.status_code == 400 and "compounds" in response.json()
    client.force_login(world.users["admin"])  # every compound is in the admin's scope
    response = _post(client, "api:taskforce-list", data)
    assert response.status_code == 400
    assert "乙一3号院" in response.json()["compounds"][0]


def test_a_team_name_used_twice_in_a_street_is_a_400_with_the_reason(api, world):
    team_a(world)
    response = _post(
        api, "api:taskforce-list",
        {"street": world.street_a.pk, "kind": "community_grid", "name": "甲街道社区治理专班"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The street has a team of this name already." in str(response.json())


def test_party_organisations_come_with_their_members_and_month_precision(api, world):
    party_member_a(world)
    response = api.get(reverse("api:partygroup-detail", args=[group_a(world).pk]))
    body = response.json()
    assert body["founded_on"] == "2020-05-01" and body["founded_precision"] == "month"
    assert [m["name"] for m in body["members"]] == ["梁文静"]
    assert body["members"][0]["unit_kind"] == "community"
    assert [c["name"] for c in body["compound_contacts"]] == ["甲一1号院"]


def test_party_organisation_rules_are_400s_with_sentences(api, world):
    base = {"street": world.street_a.pk, "founded_on": "2018-04-20", "name": "帮帮团"}
    response = _post(api, "api:partygroup-list", {**base, "kind": "help_group"})
    assert response.status_code == 400
    assert "A help group belongs to a community" in response.json()["community"][0]
    response = _post(api, "api:partygroup-list", {**base, "kind": "temporary_branch"})
    assert response.status_code == 400
    assert "covers at least one compound" in response.json()["compounds"][0]
    response = _post(
        api, "api:partygroup-list",
        {**base, "kind": "help_group", "community": world.community_a2.pk,
         "founded_precision": "month"},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["founded_on"] == "2018-04-01"
    response = _post(
        api, "api:partygroup-list", {**base, "kind": "help_group", "founded_on": "明年"}
    )
    assert response.status_code == 400 and "founded_on" in response.json()


def test_ledger_lines_and_their_rules(api, world):
    participant_a(world)
    response = _post(
        api, "api:participant-list",
        {"street": world.street_a.pk, "kind": "volunteer_team", "name": "志愿队",
         "red_property": True},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["red_property"] == ["Only a property company can be a red property."]
    response = _post(
        api, "api:participant-list",
        {"street": world.street_a.pk, "kind": "committee", "community": world.community_a1.pk,
         "name": "又一个两委"},
    )  # fmt: skip
    assert response.status_code == 400 and "community" in response.json()
    response = _patch(api, "api:participant-detail", participant_a(world).pk, {"people": 0})
    assert response.status_code == 400 and "people" in response.json()
    response = _patch(api, "api:participant-detail", participant_a(world).pk, {"community": 999999})
    assert response.status_code == 400 and "community" in response.json()


def test_ledger_lines_filter_like_the_page(api, world):
    participant_a(world)
    Participant.objects.create(
        street=world.street_a, kind="property_company", name="万象美物业", red_property=True
    )
    Participant.objects.create(street=world.street_a, kind="property_company", name="安居物业")
    response = api.get(
        reverse("api:participant-list"), {"kind": "property_company", "red_property": "true"}
    )
    assert [row["name"] for row in response.json()["results"]] == ["万象美物业"]
    response = api.get(reverse("api:participant-list"), {"red_property": "maybe"})
    assert response.status_code == 400
    response = api.get(reverse("api:participant-list"), {"street": world.street_b.pk})
    assert response.status_code == 400


def test_activities_through_the_api(api, world):
    response = _post(
        api, "api:campaignactivity-list",
        {"street": world.street_a.pk, "date": "2020-06-06", "title": "清运", "participants": 0},
    )  # fmt: skip
    assert response.status_code == 400
    assert "at least one" in response.json()["participants"][0]
    response = _patch(
        api, "api:campaignactivity-detail", activity_a(world).pk, {"street": world.street_b.pk}
    )
    assert response.status_code == 200
    assert CampaignActivity.objects.get(pk=activity_a(world).pk).street == world.street_a


def test_the_participation_figures_of_a_street(api, world):
    participant_a(world)
    Participant.objects.create(
        street=world.street_a, community=world.community_a2, kind="active_resident",
        name="甲二热心群众", people=19,
    )  # fmt: skip
    activity_a(world)
    response = api.get(reverse("api:participationfigures-detail", args=[world.street_a.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["street_name"] == "甲街道"
    assert body["communities"] == 1 and body["active_residents"] == 19
    assert body["people"] == 30 and body["lines"] == 2
    assert body["activity_count"] == 1 and body["activity_people"] == 40
    assert {row["community_name"] for row in body["by_community"]} == {"甲一社区", "甲二社区"}
    response = api.get(reverse("api:participationfigures-detail", args=[world.street_b.pk]))
    assert response.status_code == 404


def test_the_supervisor_reads_none_of_it(client, world):
    client.force_login(world.users["supervisor"])
    for name in ("api:taskforce-list", "api:partygroup-list", "api:participant-list",
                 "api:campaignactivity-list"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 403
    url = reverse("api:participationfigures-detail", args=[world.street_a.pk])
    assert client.get(url).status_code == 403


def test_the_team_list_costs_the_same_queries_for_more_teams(api, world, django_assert_num_queries):
    """Members and compounds are fetched for the whole page, not per team."""
    team_member_a(world)
    with CaptureQueriesContext(connection) as few:
        api.get(reverse("api:taskforce-list"))
    for number in range(5):
        team = TaskForce.objects.create(
            street=world.street_a, kind="community_grid", name=f"网格{number}"
        )
        team.compounds.set([world.a1, world.a2])
        team.members.create(name=f"网格员{number}")
    permission_cache._bump()  # both counts with the permissions read from the database
    with django_assert_num_queries(len(few.captured_queries)):
        response = api.get(reverse("api:taskforce-list"))
    assert response.json()["count"] == 6


# --- Every model field has a filter ------------------------------------------------------------

FILTERSETS = {
    TaskForce: TaskForceFilterSet,
    PartyGroup: PartyGroupFilterSet,
    Participant: ParticipantFilterSet,
    CampaignActivity: CampaignActivityFilterSet,
}
EXEMPT = {
    "TaskForce.name": "covered by q (free text)",
    "TaskForce.duties": "covered by q (free text)",
    "PartyGroup.name": "covered by q (free text)",
    "PartyGroup.description": "covered by q (free text)",
    "Participant.name": "covered by q (free text)",
    "CampaignActivity.title": "covered by q (free text)",
}


def _filtered(filterset_class):
    return {f.field_name for f in filterset_class.base_filters.values()}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param(model, field.name, id=f"{model.__name__}.{field.name}")
        for model in FILTERSETS
        for field in model._meta.concrete_fields
        if f"{model.__name__}.{field.name}" not in EXEMPT
    ],
)
def test_every_model_field_has_a_filter(model, field):
    assert field in _filtered(FILTERSETS[model]), f"{model.__name__}.{field} has no filter"


def test_exemptions_are_current():
    """Each exempt field exists, has no filter of its own, and q searches it."""
    for key in EXEMPT:
        model_name, field_name = key.split(".")
        model = next(m for m in FILTERSETS if m.__name__ == model_name)
        assert field_name in {f.name for f in model._meta.concrete_fields}
        filterset = FILTERSETS[model]
        assert field_name not in _filtered(filterset)
        search = filterset.base_filters["q"]
        assert isinstance(search, SearchFilter) and field_name in search.search_fields


def test_the_party_organisations_founded_between_two_days(api, world):
    group_a(world)
    PartyGroup.objects.create(
        street=world.street_a, community=world.community_a2, kind="help_group",
        name="甲二帮帮团", founded_on=datetime.date(2018, 4, 1), founded_precision="month",
    )  # fmt: skip
    response = api.get(reverse("api:partygroup-list"), {"founded_on__gte": "2019-01-01"})
    assert [row["name"] for row in response.json()["results"]] == ["甲一片区临时党支部"]
    response = api.get(reverse("api:partygroup-list"), {"compound": world.a1.pk})
    assert [row["name"] for row in response.json()["results"]] == ["甲一片区临时党支部"]
