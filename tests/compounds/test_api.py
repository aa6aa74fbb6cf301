"""Behaviour of the REST API under /api/v1/: scoping, derived figures, writes, errors, language.

Status codes per role are in the permission matrix (tests/compounds/matrix.py and the other
areas' tables); these tests look at what the answers contain and what the writes leave behind.
"""

import pytest
from django.urls import reverse

from compounds.models import Building, Community, Compound, RenovationPlan
from tests.factories import assign

pytestmark = pytest.mark.django_db

STARTED_NEEDS_DATE_EN = "A started compound needs its start date."
STARTED_NEEDS_DATE_ZH = "已开工的楼院须填写开工日期。"
OTHER_STREET_PLAN_EN = "This plan belongs to another street than the compound's community."
OTHER_STREET_PLAN_ZH = "该改造计划与楼院所在社区不属于同一街道。"


def _client(client, world, who):
    client.force_login(world.users[who])
    return client


def _results(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def _compound_body(world, **overrides):
    return {
        "name": "新加1号院",
        "community": world.community_a1.pk,
        "plan": world.plan_a.pk,
        "status": "planned",
        "management_mode": "none",
        **overrides,
    }


def _building_body(world, **overrides):
    return {
        "compound": world.a1.pk,
        "number": "9号楼",
        "floors": 6,
        "units": 2,
        "households": 36,
        "floor_area": "3100.00",
        **overrides,
    }


def _post(client, name, body, **extra):
    return client.post(reverse(name), body, content_type="application/json", **extra)


def _snapshot():
    """Count every register row and history row, to show a refused write saved nothing."""
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Community, RenovationPlan, Compound, Building)
    }


# --- Scoping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("community_staff", {"甲一1号院"}),
        ("other_community_staff", {"甲二2号院"}),
        ("supervisor", {"甲一1号院"}),
        ("street_staff", {"甲一1号院", "甲二2号院"}),
        ("inspector", {"甲一1号院", "甲二2号院", "乙一3号院"}),
    ],
)
def test_compound_list_holds_only_the_compounds_in_the_users_scope(client, world, who, expected):
    """Community staff see their community's compounds, street staff their street's, the
    inspector every street's; the count matches the results."""
    response = _client(client, world, who).get(reverse("api:compound-list"))
    results = _results(response)
    assert {row["name"] for row in results} == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("community_staff", {("甲一1号院", "1号楼"), ("甲一1号院", "2号楼")}),
        ("street_staff", {("甲一1号院", "1号楼"), ("甲一1号院", "2号楼"), ("甲二2号院", "1号楼")}),
        (
            "inspector",
            {
                ("甲一1号院", "1号楼"),
                ("甲一1号院", "2号楼"),
                ("甲二2号院", "1号楼"),
                ("乙一3号院", "1号楼"),
            },
        ),
    ],
)
def test_building_list_holds_only_the_buildings_in_the_users_scope(client, world, who, expected):
    """Buildings are scoped through their compound, like the compounds themselves."""
    results = _results(_client(client, world, who).get(reverse("api:building-list")))
    compounds = dict(Compound.objects.values_list("pk", "name"))
    assert {(compounds[row["compound"]], row["number"]) for row in results} == expected


@pytest.mark.parametrize(
    ("who", "communities", "plans"),
    [
        ("community_staff", {"甲一社区"}, {"plan_a"}),
        ("street_staff", {"甲一社区", "甲二社区"}, {"plan_a"}),
        ("inspector", {"甲一社区", "甲二社区", "乙一社区"}, {"plan_a", "plan_b"}),
    ],
)
def test_community_and_plan_lists_are_scoped(client, world, who, communities, plans):
    """Community staff see their own community and their street's plans; the inspector sees
    every community and every plan."""
    client = _client(client, world, who)
    assert {
        row["name"] for row in _results(client.get(reverse("api:community-list")))
    } == communities
    plan_names = {world.plan_a.pk: "plan_a", world.plan_b.pk: "plan_b"}
    assert {
        plan_names[row["id"]] for row in _results(client.get(reverse("api:renovationplan-list")))
    } == plans


# --- Derived figures -------------------------------------------------------------------------


def test_compound_figures_are_derived_from_its_buildings(client, world):
    """a1 has two buildings of 40 and 30 households and 3800.50 m² each: the API reports two
    buildings, 70 households and 7601.00 m², in the list and on the detail."""
    client = _client(client, world, "community_staff")
    (listed,) = _results(client.get(reverse("api:compound-list")))
    detail = client.get(reverse("api:compound-detail", kwargs={"pk": world.a1.pk})).json()
    for row in (listed, detail):
        assert row["building_count"] == 2
        assert row["household_count"] == 70
        assert row["total_floor_area"] == "7601.00"


def test_compound_figures_follow_a_new_building(client, world):
    """Adding a building through the API changes the compound's figures at once: they are
    computed from the buildings, not stored on the compound."""
    client = _client(client, world, "community_staff")
    response = _post(client, "api:building-list", _building_body(world))
    assert response.status_code == 201, response.content
    detail = client.get(reverse("api:compound-detail", kwargs={"pk": world.a1.pk})).json()
    assert detail["building_count"] == 3
    assert detail["household_count"] == 106
    assert detail["total_floor_area"] == "10701.00"


def test_compound_figures_cannot_be_written(client, world):
    """The derived fields are read-only: values sent for them are ignored, not stored."""
    client = _client(client, world, "community_staff")
    response = client.patch(
        reverse("api:compound-detail", kwargs={"pk": world.a1.pk}),
        {"building_count": 99, "household_count": 999, "total_floor_area": "1.00"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["building_count"], body["household_count"], body["total_floor_area"]) == (
        2,
        70,
        "7601.00",
    )


# --- Writes ----------------------------------------------------------------------------------


def test_create_compound_returns_201_with_derived_fields_and_records_the_user(client, world):
    """A new compound comes back with 201, its id and zero figures (it has no buildings yet);
    its first history record is a creation that names the user who made it."""
    user = world.users["street_staff"]
    client.force_login(user)
    response = _post(
        client, "api:compound-list", _compound_body(world, community=world.community_a2.pk)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "新加1号院"
    assert (body["building_count"], body["household_count"], body["total_floor_area"]) == (
        0,
        0,
        "0.00",
    )
    compound = Compound.objects.get(pk=body["id"])
    assert compound.community == world.community_a2
    record = compound.history.get()
    assert record.history_type == "+"
    assert record.history_user == user


def test_create_compound_with_every_field_round_trips(client, world):
    """Every writable field sent on create comes back as stored: dates, phone numbers (in the
    national format the portal uses), the fee and the free text."""
    body = _compound_body(
        world,
        address="文化路1号",
        year_built=1992,
        status="completed",
        started_on="2020-03-01",
        completed_on="2020-08-01",
        is_demonstration=True,
        person_in_charge="张三",
        person_in_charge_phone="13800138000",
        contact_person="李四",
        contact_phone="+8613900139000",
        had_no_manager=True,
        management_mode="property_company",
        property_company="金水物业",
        yearly_fee_per_household="120.50",
        notes="示范院",
    )
    response = _post(_client(client, world, "community_staff"), "api:compound-list", body)
    assert response.status_code == 201, response.content
    got = response.json()
    for field in (
        "address", "year_built", "status", "started_on", "completed_on", "is_demonstration",
        "person_in_charge", "contact_person", "had_no_manager", "management_mode",
        "property_company", "yearly_fee_per_household", "notes",
    ):  # fmt: skip
        assert got[field] == body[field], field
    assert got["accepted_on"] is None
    compound = Compound.objects.get(pk=got["id"])
    assert compound.person_in_charge_phone.as_e164 == "+8613800138000"
    assert compound.contact_phone.as_e164 == "+8613900139000"
    assert got["person_in_charge_phone"] and got["contact_phone"]


def test_create_building_records_the_user(client, world):
    """A building added through the API is saved with a history record naming its author."""
    user = world.users["community_staff"]
    client.force_login(user)
    response = _post(client, "api:building-list", _building_body(world))
    assert response.status_code == 201, response.content
    building = Building.objects.get(pk=response.json()["id"])
    assert building.compound == world.a1
    assert building.history.get().history_user == user


def test_update_compound_records_the_user(client, world):
    """A PATCH saves the change with a history record naming the user who made it."""
    user = world.users["community_staff"]
    client.force_login(user)
    response = client.patch(
        reverse("api:compound-detail", kwargs={"pk": world.a1.pk}),
        {"address": "新地址1号"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["address"] == "新地址1号"
    world.a1.refresh_from_db()
    assert world.a1.address == "新地址1号"
    latest = world.a1.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == user


# --- Refused writes --------------------------------------------------------------------------

# name: (url name, who, body from the world, the field the error is on)
BAD_BODIES = {
    "negative households": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, households=-1),
        "households",
    ),
    "negative floor area": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, floor_area="-1.00"),
        "floor_area",
    ),
    "started without a start date": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, status="started"),
        "started_on",
    ),
    "plan of another street": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, plan=w.plan_b.pk),
        "plan",
    ),
    "plan of another street, street staff": (
        "api:compound-list",
        "street_staff",
        lambda w: _compound_body(w, plan=w.plan_b.pk),
        "plan",
    ),
    "unknown community": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, community=999999),
        "community",
    ),
    "unknown plan": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, plan=999999),
        "plan",
    ),
    "community outside the user's scope": (
        "api:compound-list",
        "community_staff",
        lambda w: _compound_body(w, community=w.community_a2.pk),
        "community",
    ),
    "fee without management": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, yearly_fee_per_household="120.00"),
        "yearly_fee_per_household",
    ),
    "duplicate compound name in the plan": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, name=w.a1.name),
        "non_field_errors",
    ),
    "duplicate building number in the compound": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, number="1号楼"),
        "non_field_errors",
    ),
    "building of a compound outside the user's scope": (
        "api:building-list",
        "community_staff",
        lambda w: _building_body(w, compound=w.b1.pk),
        "compound",
    ),
    "duplicate plan year in the street": (
        "api:renovationplan-list",
        "admin",
        lambda w: {
            "street": w.street_a.pk,
            "year": w.plan_a.year,
            "name": "重复计划",
            "target_completion_date": "2020-12-31",
        },
        "non_field_errors",
    ),
    "plan deadline before its year": (
        "api:renovationplan-list",
        "admin",
        lambda w: {
            "street": w.street_a.pk,
            "year": 2022,
            "name": "2022年计划",
            "target_completion_date": "2021-12-31",
        },
        "target_completion_date",
    ),
    "duplicate community name in the street": (
        "api:community-list",
        "admin",
        lambda w: {"street": w.street_a.pk, "name": w.community_a1.name},
        "non_field_errors",
    ),
    "start date in the future": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, status="started", started_on="2999-01-01"),
        "started_on",
    ),
    "unknown status": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, status="demolished"),
        "status",
    ),
    "impossible date": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, status="started", started_on="2020-13-45"),
        "started_on",
    ),
    "year built too early": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, year_built=1800),
        "year_built",
    ),
    "invalid phone number": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, person_in_charge_phone="不是电话"),
        "person_in_charge_phone",
    ),
    "too short phone number": (
        "api:compound-list",
        "admin",
        lambda w: _compound_body(w, contact_phone="12345"),
        "contact_phone",
    ),
    "floor area too precise": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, floor_area="12345678901.00"),
        "floor_area",
    ),
    "no floors": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, floors=0),
        "floors",
    ),
    "households as text": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, households="很多"),
        "households",
    ),
    "null for a required number": (
        "api:building-list",
        "admin",
        lambda w: _building_body(w, households=None),
        "households",
    ),
    "missing required fields": (
        "api:compound-list",
        "admin",
        lambda w: {"name": "缺字段院"},
        "community",
    ),
}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_bad_body_gives_400_with_field_errors_and_saves_nothing(client, world, case):
    """Each malformed or rule-breaking body is refused with 400 and the error on the field
    concerned (non_field_errors for a uniqueness clash), never a 500; no row and no history
    record is written."""
    name, who, body, field = BAD_BODIES[case]
    before = _snapshot()
    response = _post(_client(client, world, who), name, body(world))
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert errors[field] and all(isinstance(message, str) for message in errors[field])
    assert _snapshot() == before


@pytest.mark.parametrize(
    "body",
    ['{"name": "坏JSON院", ', "name=表单院", "[1, 2", "{'name': 'single quotes'}"],
    ids=["truncated", "form-encoded", "broken list", "single quotes"],
)
def test_non_json_body_gives_400_and_saves_nothing(client, world, body):
    """A body that is not JSON, sent as JSON, is a 400 with a detail message, not a 500."""
    before = _snapshot()
    response = _post(_client(client, world, "admin"), "api:compound-list", body)
    assert response.status_code == 400, response.content
    assert "JSON" in response.json()["detail"]
    assert _snapshot() == before


def test_json_that_is_not_an_object_gives_400(client, world):
    """A JSON list where an object is expected is refused on non_field_errors."""
    response = _post(_client(client, world, "admin"), "api:compound-list", [1, 2])
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_bad_patch_leaves_the_object_unchanged(client, world):
    """A PATCH that breaks a rule (a negative floor area) is a 400 and the building keeps its
    values and its history."""
    building = world.building_a1
    history = building.history.count()
    response = _client(client, world, "community_staff").patch(
        reverse("api:building-detail", kwargs={"pk": building.pk}),
        {"floor_area": "-5.00", "households": 41},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "floor_area" in response.json()
    building.refresh_from_db()
    assert building.households == 40
    assert building.history.count() == history


def test_patch_to_a_taken_building_number_gives_400(client, world):
    """Renumbering a building to a number its compound already has is a 400, not a 500."""
    second = world.a1.buildings.get(number="2号楼")
    response = _client(client, world, "community_staff").patch(
        reverse("api:building-detail", kwargs={"pk": second.pk}),
        {"number": "1号楼"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "non_field_errors" in response.json()
    second.refresh_from_db()
    assert second.number == "2号楼"


def test_moving_a_compound_out_of_the_users_scope_gives_400(client, world):
    """Community staff may not move their compound to a community of another street."""
    response = _client(client, world, "community_staff").patch(
        reverse("api:compound-detail", kwargs={"pk": world.a1.pk}),
        {"community": world.community_b1.pk, "plan": world.plan_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "community" in response.json()
    world.a1.refresh_from_db()
    assert world.a1.community == world.community_a1


# --- Unknown ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["api:community-detail", "api:renovationplan-detail", "api:compound-detail",
             "api:building-detail"],
)  # fmt: skip
@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999999"])
def test_unknown_id_gives_404(client, world, name, pk):
    """An id that names no object (or is no number at all) is a 404 on every detail route."""
    response = _client(client, world, "admin").get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 404, response.content[:300]


# --- Language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "started_on", "plan", "language"),
    [
        ({}, STARTED_NEEDS_DATE_ZH, OTHER_STREET_PLAN_ZH, "zh-hans"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN"}, STARTED_NEEDS_DATE_ZH, OTHER_STREET_PLAN_ZH, "zh-hans"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, STARTED_NEEDS_DATE_EN, OTHER_STREET_PLAN_EN, "en"),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"},
            STARTED_NEEDS_DATE_EN,
            OTHER_STREET_PLAN_EN,
            "en",
        ),
    ],
    ids=["default", "zh-CN", "en", "en-US"],
)
def test_errors_speak_the_requested_language(client, world, headers, started_on, plan, language):
    """Errors are in Simplified Chinese by default; an API client that asks for English with
    Accept-Language gets the English messages, and Content-Language says which it got."""
    response = _post(
        _client(client, world, "admin"),
        "api:compound-list",
        _compound_body(world, status="started", plan=world.plan_b.pk),
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["started_on"] == [started_on]
    assert response.json()["plan"] == [plan]
    assert response["Content-Language"] == language


def test_framework_errors_are_translated_too(client, world):
    """DRF's own messages (an unknown id) follow the same language choice."""
    client = _client(client, world, "admin")
    body = _compound_body(world, community=999999)
    english = _post(client, "api:compound-list", body, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = _post(client, "api:compound-list", body).json()
    assert english["community"] == ['Invalid pk "999999" - object does not exist.']
    assert chinese["community"] != english["community"]
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese["community"][0])


def test_html_pages_ignore_accept_language(client, world):
    """Outside /api/ the portal speaks Chinese whatever the browser asks for."""
    response = _client(client, world, "street_staff").get(
        reverse("compounds:compound_list"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"


# --- Methods and permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "obj"),
    [
        ("api:community-detail", "community_a1"),
        ("api:renovationplan-detail", "plan_a"),
        ("api:compound-detail", "a1"),
        ("api:building-detail", "building_a1"),
    ],
)
def test_delete_is_not_offered_even_to_the_administrator(client, world, name, obj):
    """The API has no delete: even the administrator, who holds every delete permission, gets
    405 and the object stays."""
    instance = getattr(world, obj)
    admin = world.users["admin"]
    assert admin.has_perm(f"compounds.delete_{type(instance)._meta.model_name}")
    client.force_login(admin)
    response = client.delete(reverse(name, kwargs={"pk": instance.pk}))
    assert response.status_code == 405
    assert type(instance).objects.filter(pk=instance.pk).exists()


def test_delete_on_a_list_is_not_offered(client, world):
    """DELETE on a list route is refused as well."""
    client.force_login(world.users["admin"])
    assert client.delete(reverse("api:compound-list")).status_code == 405
    assert Compound.objects.count() == 3


@pytest.mark.parametrize(
    "name",
    ["api:community-list", "api:renovationplan-list", "api:compound-list", "api:building-list"],
)
def test_a_scope_without_a_role_reads_nothing(client, world, name):
    """Reading needs the view permission: a user in no group gets 403 on every list, even with
    a work assignment that would give them a scope."""
    user = world.users["no_role"]
    assign(user, street=world.street_a)
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "detail" in response.json()
