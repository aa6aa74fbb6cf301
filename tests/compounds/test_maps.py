"""The compounds on a map: the location's rules, the map states, the GeoJSON (staff's, scoped
per role, and the public one), the map page, the compound page's small map, the edit form."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from common import clock
from compounds import maps
from compounds.choices import CompoundStatus
from compounds.models import Compound
from compounds.rules import MapState, location_errors, map_state, round_coordinate
from renovation.settings.base import _tile_source

D = Decimal
TODAY = datetime.date(2020, 7, 17)


# ---- rules -------------------------------------------------------------------------------


def test_a_point_in_zhengzhou_is_accepted_and_none_is_too():
    assert location_errors(latitude=D("34.7812"), longitude=D("113.6608")) == {}
    assert location_errors(latitude=None, longitude=None) == {}


@pytest.mark.usefixtures("english")
def test_one_coordinate_alone_is_refused_on_the_missing_one():
    assert location_errors(latitude=D("34.78"), longitude=None) == {
        "longitude": ["Give both the latitude and the longitude, or neither."]
    }
    assert list(location_errors(latitude=None, longitude=D("113.66"))) == ["latitude"]


@pytest.mark.usefixtures("english")
def test_swapped_coordinates_are_named_as_swapped():
    errors = location_errors(latitude=D("113.6608"), longitude=D("34.7812"))
    assert "look swapped" in errors["latitude"][0]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "latitude,longitude",
    [("51.5074", "-0.1278"), ("-34.78", "113.66"), ("34.78", "-113.66"), ("0", "0"), ("90", "180")],
)
def test_a_point_outside_china_is_refused_with_the_bounds(latitude, longitude):
    errors = location_errors(latitude=D(latitude), longitude=D(longitude))
    assert "outside China" in errors["latitude"][0]
    assert "53.6" in errors["latitude"][0]


def test_coordinates_are_rounded_to_six_decimals_half_up():
    assert round_coordinate(D("34.78123449")) == D("34.781234")
    assert round_coordinate(D("34.7812345")) == D("34.781235")
    assert round_coordinate(None) is None
    assert round_coordinate(D("1E+300")) == D("1E+300")  # left for the bounds check


@pytest.mark.parametrize(
    "status,latest_start,state",
    [
        (CompoundStatus.PLANNED, None, MapState.NOT_STARTED),
        (CompoundStatus.PLANNED, TODAY, MapState.NOT_STARTED),
        (CompoundStatus.PLANNED, TODAY - datetime.timedelta(days=1), MapState.LATE),
        (CompoundStatus.STARTED, TODAY - datetime.timedelta(days=30), MapState.UNDER_WAY),
        (CompoundStatus.COMPLETED, None, MapState.COMPLETED),
        (CompoundStatus.ACCEPTED, None, MapState.ACCEPTED),
    ],
)
def test_the_map_state_follows_the_status_and_the_backward_plan(status, latest_start, state):
    assert map_state(status=status, latest_start=latest_start, today=TODAY) == state


def test_the_geojson_puts_the_longitude_first_and_an_unlocated_compound_has_no_geometry():
    rows = [
        (
            7,
            "丰产路47号院",
            "经五路社区",
            CompoundStatus.STARTED,
            None,
            D("0.456"),
            34.7812,
            113.6608,
        ),
        (8, 'a "quoted" \\ name\n', "y", CompoundStatus.PLANNED, TODAY, None, None, None),
    ]
    collection = json.loads(maps.geojson(rows, today=TODAY))
    assert collection["type"] == "FeatureCollection"
    located, nowhere = collection["features"]
    assert located == {
        "type": "Feature",
        "id": 7,
        "geometry": {"type": "Point", "coordinates": [113.6608, 34.7812]},
        "properties": {
            "name": "丰产路47号院",
            "community": "经五路社区",
            "state": MapState.UNDER_WAY,
            "percent": 46,
        },
    }
    assert nowhere["geometry"] is None
    assert nowhere["properties"]["name"] == 'a "quoted" \\ name\n'
    assert nowhere["properties"]["percent"] is None
    with_pages = json.loads(maps.geojson(rows, today=TODAY, public=True, page="/p/"))
    assert with_pages["features"][0]["properties"]["url"] == "/p/7/"
    assert json.loads(maps.geojson([], today=TODAY)) == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_the_public_map_state_does_not_say_late():
    rows = [
        (1, "x", "y", CompoundStatus.PLANNED, TODAY - datetime.timedelta(days=9), None, 1.0, 2.0)
    ]
    assert maps.points(rows, today=TODAY)[0].state == MapState.LATE
    public = json.loads(maps.geojson(rows, today=TODAY, public=True))
    assert public["features"][0]["properties"]["state"] == MapState.NOT_STARTED


def test_the_legend_names_every_state_even_with_none_of_it():
    legend = maps.state_counts([])
    assert [item["state"] for item in legend] == list(MapState.ORDER)
    assert {item["count"] for item in legend} == {0}


def test_the_tile_servers_host_is_allowed_to_the_images_and_a_subdomain_is_a_wildcard():
    url = "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k"
    assert _tile_source(url) == "https://*.tianditu.gov.cn"
    assert _tile_source("http://127.0.0.1:8081/{z}/{x}/{y}.png") == "http://127.0.0.1:8081"
    assert _tile_source("nonsense") is None


# ---- the GeoJSON ---------------------------------------------------------------------------


def _locate(compound, latitude="34.781200", longitude="113.660800"):
    Compound.objects.filter(pk=compound.pk).update(latitude=D(latitude), longitude=D(longitude))


def _ids(response):
    return {feature["id"] for feature in response.json()["features"]}


@pytest.mark.parametrize(
    "role,expected",
    [
        ("street_staff", {"a1", "a2"}),
        ("community_staff", {"a1"}),
        ("other_community_staff", {"a2"}),
        ("supervisor", {"a1"}),
        ("inspector", {"a1", "a2", "b1"}),
        ("admin", {"a1", "a2", "b1"}),
        ("no_role", set()),
    ],
)
def test_the_geojson_lists_the_compounds_of_the_users_scope(client, world, role, expected):
    _locate(world.a1)
    client.force_login(world.users[role])
    response = client.get(reverse("api:compound-geojson"))
    if role == "no_role":
        assert response.status_code in (200, 403)
        if response.status_code == 403:
            return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert _ids(response) == {getattr(world, name).pk for name in expected}


def test_the_geojson_is_refused_to_anonymous_clients(client, world):
    assert client.get(reverse("api:compound-geojson")).status_code == 403


def test_the_geojson_filters_as_the_list_and_keeps_the_unlocated(api, world):
    _locate(world.a1)
    response = api.get(reverse("api:compound-geojson"), {"located": "true"})
    assert _ids(response) == {world.a1.pk}
    everything = api.get(reverse("api:compound-geojson")).json()
    unlocated = [f for f in everything["features"] if f["id"] == world.a2.pk]
    assert unlocated[0]["geometry"] is None
    assert everything["type"] == "FeatureCollection"
    feature = next(f for f in everything["features"] if f["id"] == world.a1.pk)
    assert feature["properties"]["state"] == MapState.UNDER_WAY
    assert set(feature["properties"]) == {"name", "community", "state", "percent"}


def test_a_filter_the_geojson_cannot_read_is_a_400(api, world):
    response = api.get(reverse("api:compound-geojson"), {"status": "flying"})
    assert response.status_code == 400


def test_the_public_geojson_has_public_fields_only_and_the_public_pages(client, world):
    _locate(world.a1)
    Compound.objects.filter(pk=world.a2.pk).update(
        person_in_charge="秘密的人", latest_start=clock.today() - datetime.timedelta(days=3)
    )
    response = client.get(reverse("oversight:public_compound_geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.content.decode()
    assert "秘密的人" not in body
    features = {f["id"]: f for f in response.json()["features"]}
    assert set(features) == {world.a1.pk, world.a2.pk, world.b1.pk}
    a1 = features[world.a1.pk]
    assert set(a1["properties"]) == {"name", "community", "state", "percent", "url"}
    assert a1["properties"]["url"] == reverse(
        "oversight:public_compound_detail", kwargs={"pk": world.a1.pk}
    )
    # whether a start is late is not published: a planned compound is "not started"
    assert features[world.a2.pk]["properties"]["state"] == MapState.NOT_STARTED


def test_the_public_geojson_names_a_bad_filter_in_a_400(client, world):
    response = client.get(reverse("oversight:public_compound_geojson"), {"community": "x"})
    assert response.status_code == 400
    assert "community" in response.json()["errors"]


# ---- the API's coordinates -----------------------------------------------------------------


def test_the_api_rounds_coordinates_and_refuses_swapped_ones(api, world):
    url = reverse("api:compound-detail", kwargs={"pk": world.a1.pk})
    response = api.patch(
        url,
        {"latitude": "34.78123456", "longitude": "113.66081234"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["latitude"] == "34.781235"
    world.a1.refresh_from_db()
    assert world.a1.longitude == D("113.660812")
    assert world.a1.history.first().latitude == D("34.781235")  # kept in history
    swapped = api.patch(
        url, {"latitude": "113.66", "longitude": "34.78"}, content_type="application/json"
    )
    assert swapped.status_code == 400
    assert "swapped" in json.dumps(swapped.json())


# ---- the pages -----------------------------------------------------------------------------


def test_the_map_page_counts_each_state_and_names_the_unlocated(en, world):
    _locate(world.a1)
    en.force_login(world.users["street_staff"])
    response = en.get(reverse("compound_map"))
    assert response.status_code == 200
    counts = {item["state"]: item["count"] for item in response.context["legend"]}
    assert counts[MapState.UNDER_WAY] == 1 and sum(counts.values()) == 2
    assert [item.pk for item in response.context["unlocated"]] == [world.a2.pk]
    page = response.content.decode()
    assert "Not located (1)" in page
    assert world.a2.name in page and world.b1.name not in page
    assert 'data-geojson="/api/v1/compounds/geojson/?' in page


def test_the_map_page_passes_its_filters_to_the_geojson_and_answers_400_to_bad_ones(en, world):
    en.force_login(world.users["street_staff"])
    response = en.get(reverse("compound_map"), {"community": world.community_a1.pk})
    assert f"community={world.community_a1.pk}" in response.context["geojson_url"]
    assert en.get(reverse("compound_map"), {"status": "flying"}).status_code == 400


def test_the_map_page_is_for_those_who_may_see_compounds(client, world):
    client.force_login(world.users["no_role"])
    assert client.get(reverse("compound_map")).status_code == 403


@override_settings(
    MAP_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© 本地瓦片"
)
def test_the_base_map_settings_reach_the_page(en, world):
    en.force_login(world.users["street_staff"])
    page = en.get(reverse("compound_map")).content.decode()
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in page
    assert "\\u00a9 \\u672c\\u5730\\u74e6\\u7247" in page or "© 本地瓦片" in page


def test_a_located_compounds_page_shows_its_small_map_and_an_unlocated_one_says_so(en, world):
    _locate(world.a1)
    en.force_login(world.users["street_staff"])
    located = en.get(reverse("compounds:compound_detail", kwargs={"pk": world.a1.pk}))
    page = located.content.decode()
    assert 'data-map="compound"' in page and f'data-focus="{world.a1.pk}"' in page
    assert f"?plan={world.plan_a.pk}" in page
    unlocated = en.get(reverse("compounds:compound_detail", kwargs={"pk": world.a2.pk}))
    assert "Not located yet" in unlocated.content.decode()
    assert 'data-map="compound"' not in unlocated.content.decode()


def _form_data(compound, **changes):
    data = {
        "name": compound.name,
        "address": compound.address,
        "community": compound.community_id,
        "plan": compound.plan_id,
        "status": compound.status,
        "started_on": compound.started_on or "",
        "completed_on": "",
        "accepted_on": "",
        "management_mode": compound.management_mode,
        "latitude": "",
        "longitude": "",
    }
    return {**data, **changes}


def test_the_edit_form_has_the_picker_and_saves_a_typed_location_in_history(en, world):
    en.force_login(world.users["street_staff"])
    url = reverse("compounds:compound_update", kwargs={"pk": world.a1.pk})
    page = en.get(url).content.decode()
    assert 'data-map="picker"' in page
    response = en.post(
        url, _form_data(world.a1, latitude="34.7812345", longitude="113.6608", change_reason="定位")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.a1.refresh_from_db()
    assert (world.a1.latitude, world.a1.longitude) == (D("34.781235"), D("113.660800"))
    newest = world.a1.history.first()
    assert newest.latitude == D("34.781235") and newest.history_change_reason == "定位"


def test_the_edit_form_says_when_the_coordinates_are_swapped_and_keeps_what_was_typed(en, world):
    en.force_login(world.users["street_staff"])
    url = reverse("compounds:compound_update", kwargs={"pk": world.a1.pk})
    response = en.post(url, _form_data(world.a1, latitude="113.6608", longitude="34.7812"))
    assert response.status_code == 400 or response.status_code == 200
    page = response.content.decode()
    assert "look swapped" in page
    assert 'value="113.6608"' in page
    world.a1.refresh_from_db()
    assert world.a1.latitude is None
