"""The map of compounds in a real browser (Leaflet, vendored): the demo's 30 compounds drawn
with no tile server, a click opening a compound's card and its page; a compound's location
set by a click in its edit form; and the base map's tiles asked of a tile server the test
starts, through Leaflet itself, with the content security policy letting them in."""

import io
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from compounds.models import Compound
from compounds.rules import MapState
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _wait_for_the_map(page):
    page.wait_for_selector(".portal-map.map-ready")
    return page.locator(".portal-map")


def test_the_map_draws_the_30_compounds_and_a_click_opens_a_card(phone):
    steps, page = phone, phone.page
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://localhost", "data:", "blob:"))
            else None
        ),
    )
    log_in(steps, "street_staff")
    page.goto("/map/")
    element = _wait_for_the_map(page)
    assert element.get_attribute("data-points") == "30"
    assert page.locator("path.map-point").count() == 30
    late = Compound.objects.filter(status="planned").count()
    assert page.locator(f"path.map-point-{MapState.LATE}").count() == late == 4
    assert page.locator(".map-legend li[data-state=late] .map-legend-count").inner_text() == "4"
    assert page.locator(".leaflet-control-scale").count() == 1
    steps.shot("map")
    page.locator(f"path.map-point-{MapState.LATE}").first.click()
    card = page.locator(".leaflet-popup .map-card")
    card.wait_for()
    assert "应开工未开工" in card.inner_text()
    name = card.locator(".map-card-title").inner_text()
    steps.shot("card")
    card.locator(".map-card-title").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith(name)
    # the compound's own page has its small map, itself drawn larger among its plan
    small = _wait_for_the_map(page)
    assert small.get_attribute("data-map") == "compound"
    assert page.locator("path.map-point").count() == 30
    steps.shot("compound")
    assert outside == [], outside
    assert steps.errors == []


def test_a_click_in_the_edit_form_sets_the_location_and_saves_it(desktop):
    steps, page = desktop, desktop.page
    compound = Compound.objects.get(name="丰产路47号院")
    Compound.objects.filter(pk=compound.pk).update(latitude=None, longitude=None)
    log_in(steps, "street_staff")
    page.goto(f"/compounds/{compound.pk}/")
    assert page.locator("text=尚未定位").count() == 1
    page.goto(f"/compounds/{compound.pk}/edit/")
    picker = _wait_for_the_map(page)
    assert picker.get_attribute("data-map") == "picker"
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
    latitude = page.locator("input[name=latitude]").input_value()
    longitude = page.locator("input[name=longitude]").input_value()
    assert latitude and longitude
    steps.shot("picked")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    compound.refresh_from_db()
    assert compound.latitude == Decimal(latitude)
    assert compound.longitude == Decimal(longitude)
    assert compound.history.first().latitude == Decimal(latitude)
    _wait_for_the_map(page)
    steps.shot("saved")
    assert steps.errors == []


class _Tiles(BaseHTTPRequestHandler):
    """A tile server: a grey 256 px PNG for every tile, and the paths asked for."""

    asked: list = []

    def do_GET(self):
        _Tiles.asked.append(self.path)
        out = io.BytesIO()
        Image.new("RGB", (256, 256), (200, 210, 220)).save(out, "PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(out.getvalue())

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Tiles.asked = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_base_map_asks_the_configured_tile_server_for_its_tiles(desktop, settings, tile_server):
    steps, page = desktop, desktop.page
    settings.MAP_TILE_URL = tile_server + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "测试瓦片"
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {
            **policy["DIRECTIVES"],
            "img-src": [*policy["DIRECTIVES"]["img-src"], tile_server],
        },
    }
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security" in message.text else None
        ),
    )
    log_in(steps, "inspector")
    page.goto("/map/")
    _wait_for_the_map(page)
    page.wait_for_selector("img.leaflet-tile-loaded")
    assert _Tiles.asked and all(path.endswith(".png") for path in _Tiles.asked)
    zoom = {int(path.split("/")[1]) for path in _Tiles.asked}
    assert zoom and max(zoom) <= 18
    assert "测试瓦片" in page.locator(".leaflet-control-attribution").inner_text()
    steps.shot("tiles")
    assert blocked == []
