"""The FilterSets, shared by the HTML compound list (/compounds/) and the API.

The same query string must select the same compounds on the list page and in the API; invalid
values are refused by both (a 400 from the API, an error and an empty list on the page);
and the choice filters offer only what the user's scope holds. That every model field has a
filter or an exemption with its reason is checked for all FilterSets in
tests/common/test_filtersets.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from compounds.choices import CompoundStatus, ManagementMode
from compounds.models import Building, Compound
from tests.utils import page_text

pytestmark = pytest.mark.django_db

FILTERS_INVALID_ZH = "部分筛选条件有误，请修改后再查看列表。"
NO_MATCH_ZH = "没有符合条件的楼院。"

A1, A2, B1 = "甲一1号院", "甲二2号院", "乙一3号院"
EVERY_COMPOUND = {A1, A2, B1}


@pytest.fixture
def varied(world):
    """Give the world's three compounds different values for every filter.

    a1: started 2020-05-01, built 1985, a demonstration compound run by a property company,
        王建军 in charge.
    a2: planned, built 1995 on 文化路, had no manager, self-governed afterwards, 李秀梅 the
        contact.
    b1: completed (started 2020-03-01, completed 2020-08-01), built 2003, had no manager.
    Building 2号楼 of a1 has an elevator.
    """
    Compound.objects.filter(pk=world.a1.pk).update(
        year_built=1985,
        is_demonstration=True,
        management_mode=ManagementMode.PROPERTY_COMPANY,
        property_company="金水物业公司",
        yearly_fee_per_household=Decimal("120.00"),
        person_in_charge="王建军",
    )
    Compound.objects.filter(pk=world.a2.pk).update(
        year_built=1995,
        address="文化路12号",
        had_no_manager=True,
        management_mode=ManagementMode.SELF_GOVERNANCE,
        contact_person="李秀梅",
    )
    Compound.objects.filter(pk=world.b1.pk).update(
        year_built=2003,
        status=CompoundStatus.COMPLETED,
        started_on=datetime.date(2020, 3, 1),
        completed_on=datetime.date(2020, 8, 1),
        had_no_manager=True,
    )
    Building.objects.filter(compound=world.a1, number="2号楼").update(has_elevator=True)
    return world


def _html(client, params):
    response = client.get(reverse("compounds:compound_list"), params)
    assert response.status_code == 200
    return response


def _html_names(client, params):
    response = _html(client, params)
    assert not response.context["filterset"].errors, response.context["filterset"].errors
    return {compound.name for compound in response.context["page"].object_list}


def _api_names(client, params):
    response = client.get(reverse("api:compound-list"), params)
    assert response.status_code == 200, response.content[:500]
    return {row["name"] for row in response.json()["results"]}


# --- The same compounds through both interfaces ----------------------------------------------

# name: (query string from the world, the compounds the inspector gets)
COMPOUND_FILTERS = {
    "q on the name": (lambda w: {"q": "甲二"}, {A2}),
    "q on a part shared by names": (lambda w: {"q": "甲"}, {A1, A2}),
    "q on the address": (lambda w: {"q": "文化路"}, {A2}),
    "q on the property company": (lambda w: {"q": "金水物业"}, {A1}),
    "q on the person in charge": (lambda w: {"q": "建军"}, {A1}),
    "q on the contact person": (lambda w: {"q": "李秀梅"}, {A2}),
    "q with spaces around": (lambda w: {"q": "  乙一 "}, {B1}),
    "q blank": (lambda w: {"q": "   "}, EVERY_COMPOUND),
    "q matching nothing": (lambda w: {"q": "不存在的院"}, set()),
    "plan a": (lambda w: {"plan": w.plan_a.pk}, {A1, A2}),
    "plan b": (lambda w: {"plan": w.plan_b.pk}, {B1}),
    "community": (lambda w: {"community": w.community_a2.pk}, {A2}),
    "street": (lambda w: {"street": w.street_b.pk}, {B1}),
    "status one": (lambda w: {"status": "started"}, {A1}),
    "status several": (lambda w: {"status": ["planned", "completed"]}, {A2, B1}),
    "status none matching": (lambda w: {"status": "accepted"}, set()),
    "started true": (lambda w: {"started": "true"}, {A1, B1}),
    "started false": (lambda w: {"started": "false"}, {A2}),
    "is_demonstration true": (lambda w: {"is_demonstration": "true"}, {A1}),
    "is_demonstration false": (lambda w: {"is_demonstration": "false"}, {A2, B1}),
    "had_no_manager true": (lambda w: {"had_no_manager": "true"}, {A2, B1}),
    "had_no_manager false": (lambda w: {"had_no_manager": "false"}, {A1}),
    "year_built exact": (lambda w: {"year_built": 2003}, {B1}),
    "year_built from": (lambda w: {"year_built__gte": 1995}, {A2, B1}),
    "year_built until": (lambda w: {"year_built__lte": 1995}, {A1, A2}),
    "year_built range": (lambda w: {"year_built__gte": 1990, "year_built__lte": 2000}, {A2}),
    "started_on from": (lambda w: {"started_on__gte": "2020-04-01"}, {A1}),
    "started_on until": (lambda w: {"started_on__lte": "2020-04-01"}, {B1}),
    "started_on range": (
        lambda w: {"started_on__gte": "2020-03-01", "started_on__lte": "2020-05-01"},
        {A1, B1},
    ),
    "completed_on from": (lambda w: {"completed_on__gte": "2020-01-01"}, {B1}),
    "accepted_on from": (lambda w: {"accepted_on__gte": "2020-01-01"}, set()),
    "management_mode one": (lambda w: {"management_mode": "none"}, {B1}),
    "management_mode several": (
        lambda w: {"management_mode": ["property_company", "self_governance"]},
        {A1, A2},
    ),
    "id": (lambda w: {"id": w.a1.pk}, {A1}),
    "plan and started false": (lambda w: {"plan": w.plan_a.pk, "started": "false"}, {A2}),
    "q and status": (lambda w: {"q": "号院", "status": ["started", "completed"]}, {A1, B1}),
}


@pytest.mark.parametrize("case", COMPOUND_FILTERS, ids=list(COMPOUND_FILTERS))
def test_compound_filter_gives_the_same_compounds_on_the_page_and_in_the_api(client, varied, case):
    """Each CompoundFilterSet filter selects exactly the expected compounds, and the list page
    and the API agree on them for the same query string."""
    params, expected = COMPOUND_FILTERS[case]
    client.force_login(varied.users["inspector"])
    query = params(varied)
    assert _html_names(client, query) == expected
    assert _api_names(client, query) == expected


@pytest.mark.parametrize(
    ("who", "params", "expected"),
    [
        ("street_staff", {"q": "号院"}, {A1, A2}),
        ("street_staff", {"had_no_manager": "true"}, {A2}),
        ("community_staff", {"started": "true"}, {A1}),
        ("community_staff", {"year_built__gte": 1990}, set()),
    ],
)
def test_filters_apply_inside_the_users_scope(client, varied, who, params, expected):
    """Filters narrow the user's scope and never widen it: street staff searching every
    compound get only their street's, on both interfaces."""
    client.force_login(varied.users[who])
    assert _html_names(client, params) == expected
    assert _api_names(client, params) == expected


def test_the_page_shows_the_filtered_compounds_in_its_table(client, varied):
    """The list page's table holds the filtered compounds' names and not the others."""
    client.force_login(varied.users["inspector"])
    text = page_text(_html(client, {"status": "completed"}))
    assert B1 in text
    assert A1 not in text
    assert A2 not in text


# --- Invalid values ---------------------------------------------------------------------------

# name: (query string from the world, the filter the error is on)
INVALID_VALUES = {
    "unknown community": (lambda w: {"community": 999999}, "community"),
    "community as text": (lambda w: {"community": "甲一"}, "community"),
    "unknown plan": (lambda w: {"plan": 999999}, "plan"),
    "unknown street": (lambda w: {"street": 999999}, "street"),
    "unknown status": (lambda w: {"status": "demolished"}, "status"),
    "one unknown status of two": (lambda w: {"status": ["planned", "demolished"]}, "status"),
    "unknown management mode": (lambda w: {"management_mode": "landlord"}, "management_mode"),
    "year_built as text": (lambda w: {"year_built__gte": "一九九零"}, "year_built__gte"),
    "impossible date": (lambda w: {"started_on__gte": "2020-13-45"}, "started_on__gte"),
    "id as text": (lambda w: {"id": "abc"}, "id"),
}


@pytest.mark.parametrize("case", INVALID_VALUES, ids=list(INVALID_VALUES))
def test_invalid_filter_value_is_refused_by_both_interfaces(client, varied, case):
    """An invalid value is a 400 naming the filter from the API; the list page answers 200
    with the error on the filter, the 'filters are not valid' alert and an empty list (not
    the unfiltered list, and not a 500)."""
    params, field = INVALID_VALUES[case]
    client.force_login(varied.users["inspector"])
    query = params(varied)

    api = client.get(reverse("api:compound-list"), query)
    assert api.status_code == 400, api.content[:500]
    assert field in api.json()

    page = _html(client, query)
    assert field in page.context["filterset"].errors
    assert list(page.context["page"].object_list) == []
    text = page_text(page)
    assert FILTERS_INVALID_ZH in text
    assert NO_MATCH_ZH in text


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("api:compound-list", "started"),
        ("api:compound-list", "is_demonstration"),
        ("api:compound-list", "had_no_manager"),
        ("api:building-list", "has_elevator"),
    ],
)
def test_unknown_boolean_value_is_refused(client, varied, name, field):
    """started=maybe (or is_demonstration=maybe, has_elevator=maybe) is not a yes or a no: the
    API should answer 400, as for any other invalid value, rather than ignore the filter."""
    client.force_login(varied.users["inspector"])
    response = client.get(reverse(name), {field: "maybe"})
    assert response.status_code == 400, f"{len(response.json()['results'])} unfiltered results"


def test_unknown_boolean_value_is_an_error_on_the_page(client, varied):
    """started=maybe on the list page should mark the filter as invalid and list nothing."""
    client.force_login(varied.users["inspector"])
    page = _html(client, {"started": "maybe"})
    assert "started" in page.context["filterset"].errors
    assert list(page.context["page"].object_list) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        (lambda w: {"community": w.community_b1.pk}, "community"),
        (lambda w: {"community": w.community_a2.pk}, "community"),
        (lambda w: {"plan": w.plan_b.pk}, "plan"),
        (lambda w: {"street": w.street_b.pk}, "street"),
    ],
    ids=["community of another street", "other community", "plan of another street",
         "another street"],
)  # fmt: skip
def test_choice_filters_offer_only_the_users_scope(client, varied, params, field):
    """Community staff of 甲一 filtering by a community, plan or street outside their scope get
    a 400 from the API (the choice does not exist for them), and an error and an empty list on
    the page: the filter neither leaks nor widens their scope."""
    client.force_login(varied.users["community_staff"])
    query = params(varied)
    api = client.get(reverse("api:compound-list"), query)
    assert api.status_code == 400, api.content[:500]
    assert field in api.json()
    page = _html(client, query)
    assert field in page.context["filterset"].errors
    assert list(page.context["page"].object_list) == []


def test_choice_filters_list_only_the_users_scope(client, varied):
    """The list page's community and plan choices are the user's own."""
    client.force_login(varied.users["street_staff"])
    form = _html(client, {}).context["filterset"].form
    assert set(form.fields["community"].queryset) == {
        varied.community_a1,
        varied.community_a2,
    }
    assert set(form.fields["plan"].queryset) == {varied.plan_a}


# --- BuildingFilterSet through the API --------------------------------------------------------

BUILDING_FILTERS = {
    "compound": (lambda w: {"compound": w.a1.pk}, {(A1, "1号楼"), (A1, "2号楼")}),
    "community": (lambda w: {"community": w.community_a2.pk}, {(A2, "1号楼")}),
    "plan": (
        lambda w: {"plan": w.plan_a.pk},
        {(A1, "1号楼"), (A1, "2号楼"), (A2, "1号楼")},
    ),
    "has_elevator true": (lambda w: {"has_elevator": "true"}, {(A1, "2号楼")}),
    "has_elevator false": (
        lambda w: {"has_elevator": "false"},
        {(A1, "1号楼"), (A2, "1号楼"), (B1, "1号楼")},
    ),
    "households from": (lambda w: {"households__gte": 30}, {(A1, "1号楼"), (A1, "2号楼")}),
    "households until": (lambda w: {"households__lte": 20}, {(A2, "1号楼"), (B1, "1号楼")}),
    "households range": (
        lambda w: {"households__gte": 20, "households__lte": 30},
        {(A1, "2号楼"), (A2, "1号楼")},
    ),
    "households exact": (lambda w: {"households": 10}, {(B1, "1号楼")}),
    "q on the number": (lambda w: {"q": "2号楼"}, {(A1, "2号楼")}),
    "q on the number or the compound": (lambda w: {"q": "2号"}, {(A1, "2号楼"), (A2, "1号楼")}),
    "q on the compound name": (lambda w: {"q": "乙一"}, {(B1, "1号楼")}),
    "number": (lambda w: {"number": "1号楼"}, {(A1, "1号楼"), (A2, "1号楼"), (B1, "1号楼")}),
    "compound and households": (
        lambda w: {"compound": w.a1.pk, "households__lte": 35},
        {(A1, "2号楼")},
    ),
}


@pytest.mark.parametrize("case", BUILDING_FILTERS, ids=list(BUILDING_FILTERS))
def test_building_filter_through_the_api(client, varied, case):
    """Each BuildingFilterSet filter selects exactly the expected buildings."""
    params, expected = BUILDING_FILTERS[case]
    client.force_login(varied.users["inspector"])
    response = client.get(reverse("api:building-list"), params(varied))
    assert response.status_code == 200, response.content[:500]
    names = dict(Compound.objects.values_list("pk", "name"))
    got = {(names[row["compound"]], row["number"]) for row in response.json()["results"]}
    assert got == expected


@pytest.mark.parametrize(
    "params",
    [
        lambda w: {"compound": w.b1.pk},
        lambda w: {"compound": w.a2.pk},
        lambda w: {"community": w.community_b1.pk},
        lambda w: {"plan": w.plan_b.pk},
        lambda w: {"households__gte": "很多"},
    ],
    ids=["compound of another street", "other community's compound", "community", "plan",
         "households as text"],
)  # fmt: skip
def test_building_filter_refuses_choices_outside_the_scope_and_bad_values(client, varied, params):
    """Community staff of 甲一 get a 400 for a compound, community or plan outside their scope,
    and for a value that is no number."""
    client.force_login(varied.users["community_staff"])
    response = client.get(reverse("api:building-list"), params(varied))
    assert response.status_code == 400, response.content[:500]
