"""Every page and endpoint answers hostile shapes of input (tests/shapes.py) without a server
error: a 400 with a reason from the API, a form error or an ignored filter on a page, never a
500 or a 503.

The URLs are the permission matrix's (tests/test_permission_matrix.py: every URL pattern of the
project, its kwargs and a valid write built from the small world). For each:
- GET with each filter of the page (its FilterSet or form) and a few common names (``q``,
  ``search``, ``page``, ``street``, ...) given a hostile value, one parameter at a time, and a
  query string of percent-escapes that are not UTF-8;
- for a URL that writes, its valid write with every field given a hostile value (a form's
  fields are cleaned one by one, so each meets it), then the same with two values per field;
  the API's JSON also as whole hostile bodies (10,000 levels of nesting, 1e400, a wide array).

The default run is fast (well under a minute on SQLite): the administrator only, the sample
shapes (``tests.shapes.SAMPLE``, ``JSON_SAMPLE``, ``BODY_SAMPLE``). The exhaustive run, every
role and every shape, takes minutes::

    SHAPES_FULL=1 pytest tests/test_input_shapes.py
"""

import os
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import Client
from django.urls import resolve, reverse

from tests import shapes
from tests.conftest import build_world
from tests.matrix import ROLES
from tests.test_permission_matrix import MATRIX
from tests.utils import shared_by_the_module

pytestmark = pytest.mark.django_db

FULL = bool(os.environ.get("SHAPES_FULL"))
WHO = [role for role in ROLES if role != "anonymous"] + ["anonymous"] if FULL else ["admin"]
VALUES = list(shapes.VALUES) if FULL else list(shapes.SAMPLE)
JSON_VALUES = list(shapes.JSON_VALUES) if FULL else list(shapes.JSON_SAMPLE)
BODIES = list(shapes.BODIES) if FULL else list(shapes.BODY_SAMPLE)

# Names a page may read besides its filters' (the dashboard's street, a search, a page).
COMMON_PARAMETERS = ("q", "search", "page", "street", "community", "plan", "compound", "ordering")


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _client(world, who) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def _url(world, name) -> str:
    page = MATRIX[name]
    return reverse(name, kwargs=page.url_kwargs(world) if page.url_kwargs else None)


def _parameters(client, url) -> dict[str, bool]:
    """The names the URL's page or endpoint reads (its FilterSet's fields; in the exhaustive
    run its form's too: a GET shows a form, it reads no field), each with whether it takes
    text."""
    classes = {}
    view = getattr(resolve(url).func, "cls", None)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:  # the classes only: a filter's field is made per request
        classes.update({n: made.field_class for n, made in filterset_class.base_filters.items()})
    context = client.get(url).context or {}
    for key in ("filterset", "form") if FULL else ("filterset",):
        found = context.get(key) if key in context else None
        form = getattr(found, "form", found)
        fields = getattr(form, "fields", None) or {}
        classes.update({name: type(field) for name, field in fields.items()})
    return {
        name: issubclass(kind, forms.CharField) and not issubclass(kind, forms.ChoiceField)
        for name, kind in classes.items()
    }


def _shapes_for(takes_text: bool) -> list[str]:
    """Every shape in the exhaustive run; the sample's text shape for a text parameter, its
    number shape for the others, in the default run."""
    if FULL:
        return VALUES
    return [shapes.SAMPLE[0] if takes_text else shapes.SAMPLE[1]]


def _server_errors(failures: list, label: str, response) -> None:
    if response.status_code >= 500:
        failures.append(f"{label}: {response.status_code}")


# Pages that read no parameter and take seconds to build (the OpenAPI schema): exhaustive run.
READ_NO_PARAMETERS = {"api-schema", "api-docs"}
CASES = [
    (name, who) for name in sorted(MATRIX) if FULL or name not in READ_NO_PARAMETERS for who in WHO
]


@pytest.mark.parametrize(("name", "who"), CASES)
def test_query_parameters_of_any_shape_answer_no_server_error(world, name, who):
    """Each parameter a page reads, given a hostile shape alone; the common names all at once
    (a page may read them outside a form); a query string that is not UTF-8: no 5xx."""
    client = _client(world, who)
    url = _url(world, name)
    failures = []
    for parameter, takes_text in _parameters(client, url).items():
        for shape in _shapes_for(takes_text):
            query = urlencode({parameter: shapes.VALUES[shape]})
            _server_errors(failures, f"{parameter}={shape}", client.get(f"{url}?{query}"))
        if FULL:  # two values where one is expected
            query = urlencode([(parameter, "1"), (parameter, shapes.PAST_64_BITS)])
            _server_errors(failures, f"{parameter} twice", client.get(f"{url}?{query}"))
    for shape in VALUES:
        query = urlencode(dict.fromkeys(COMMON_PARAMETERS, shapes.VALUES[shape]))
        _server_errors(failures, f"common names={shape}", client.get(f"{url}?{query}"))
    response = client.get(url, QUERY_STRING=shapes.INVALID_UTF8_QUERY)
    _server_errors(failures, "invalid UTF-8", response)
    assert not failures, f"{url}: {failures}"


WRITE_CASES = [(name, who) for name in sorted(MATRIX) if MATRIX[name].write for who in WHO]


def _form_data(data: dict, value) -> dict:
    return dict.fromkeys(data, value)


@pytest.mark.parametrize(("name", "who"), WRITE_CASES)
def test_writes_of_any_shape_answer_no_server_error(world, name, who):
    """The URL's valid write with every field given each shape: no 5xx."""
    write = MATRIX[name].write
    client = _client(world, who)
    url = _url(world, name)
    data = write.data(world)
    failures = []
    if name.startswith("api:"):
        send = getattr(client, write.method)
        for shape in JSON_VALUES:
            body = {field: shapes.json_value(shape) for field in data}
            _server_errors(failures, shape, send(url, body, content_type="application/json"))
        for shape in BODIES:
            raw = shapes.BODIES[shape]
            _server_errors(failures, shape, send(url, raw, content_type="application/json"))
    else:
        for shape in VALUES:
            sent = _form_data(data, shapes.VALUES[shape])
            _server_errors(failures, shape, client.post(url, sent))
        twice = _form_data(data, ["1", shapes.PAST_64_BITS])
        _server_errors(failures, "two values", client.post(url, twice))
    assert not failures, f"{url}: {failures}"


API_NAMES = sorted(name for name in MATRIX if name.startswith("api:"))


@pytest.mark.parametrize("name", API_NAMES)
def test_every_api_url_refuses_a_deeply_nested_body_without_a_server_error(world, name):
    """POST, PUT and PATCH of 10,000 levels of nesting to every API URL: a 4xx."""
    client = _client(world, "admin")
    url = _url(world, name)
    body = shapes.BODIES["deeply nested object"]
    for method in ("post", "put", "patch"):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"


# --- The reasons given, on a few examples of each kind -------------------------------------


def test_a_deeply_nested_body_is_a_400_that_says_so(world):
    client = _client(world, "admin")
    body = shapes.BODIES["deeply nested array"]
    response = client.post("/api/v1/compounds/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error: the body is nested too deeply."}


def test_a_body_nested_a_little_deeper_than_any_request_needs_is_refused(world):
    client = _client(world, "admin")
    body = "x"
    for _level in range(40):  # past the limit (32), far below Python's recursion limit
        body = [body]
    body = {"name": body}
    response = client.post("/api/v1/compounds/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_search_longer_than_200_characters_is_a_filter_error(world):
    client = _client(world, "admin")
    response = client.get("/api/v1/compounds/", {"q": "院" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["q"][0]
    assert client.get("/api/v1/compounds/", {"q": "院" * 200}).status_code == 200
    page = client.get("/compounds/", {"q": shapes.HUGE_TEXT})
    assert page.status_code == 200
    assert "at most 200 characters" in page.content.decode()


@pytest.mark.parametrize("value", [shapes.PAST_64_BITS, shapes.BELOW_64_BITS, "9" * 400])
def test_an_id_past_64_bits_in_a_filter_is_a_filter_error(world, value):
    client = _client(world, "admin")
    response = client.get("/api/v1/daily-logs/", {"plan": value})
    assert response.status_code == 400, response.content[:300]
    assert "plan" in response.json()
    response = client.get("/api/v1/fund-payments/", {"recorded_by": value})
    assert response.status_code == 400, response.content[:300]
    assert client.get("/progress/logs/", {"plan": value}).status_code == 200


def test_the_dashboard_reads_an_id_past_64_bits_as_no_street(world):
    client = _client(world, "admin")
    assert client.get("/dashboard/", {"street": shapes.PAST_64_BITS}).status_code == 200
    assert client.get("/dashboard/", {"community": shapes.PAST_64_BITS}).status_code == 200


def test_a_compound_id_past_64_bits_on_a_team_is_a_form_error(world):
    client = _client(world, "admin")
    url = _url(world, "oversight:taskforce_create")
    data = MATRIX["oversight:taskforce_create"].write.data(world)
    data["compounds"] = [str(world.a1.pk), shapes.PAST_64_BITS]
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"“{shapes.PAST_64_BITS}” is not a valid value." in response.content.decode()
