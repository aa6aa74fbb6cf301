"""The OpenAPI schema fuzzed with schemathesis: every operation of the API, called with
generated parameters and bodies (valid and not) as an administrator, in process through
the WSGI application, must never answer a server error (5xx). Bad input is a 4xx with a
reason; what the fuzzer writes is rolled back with the test.

Besides what hypothesis generates, each operation's first case is sent again in hostile
shapes (tests/shapes.py): its free-text query parameters given a huge text, its integer
ones an integer past 64 bits; its body (for a write) as raw JSON nested 10,000 levels deep,
with 1e400, and with every field given a huge text, an integer past 64 bits and an object.
The shapes go as raw bytes through the same WSGI application (json.dumps cannot write
10,000 levels)."""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from werkzeug.test import Client as WSGIClient

from tests import shapes
from tests.conftest import build_world
from tests.utils import shared_by_the_module

# In the default run; `make test PYTEST_ARGS="-m fuzz"` runs it alone.
pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Per operation: enough to send missing, wrong-typed and out-of-range values to each, and to
# keep the whole run within a minute or two (with the hostile shapes of each operation's
# first case: one example fewer than before they were sent).
EXAMPLES = 4


def _schema():
    """The API's own schema, as /api/schema/ serves it, called in process."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from renovation.wsgi import application

    spec = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(spec)
    loaded.app = application
    # The coverage phase calls each path with every method it does not serve as well (a 405
    # from DRF's one dispatch): one is enough to show that, the others only cost time. Its
    # deterministic cases are the invalid ones (missing, wrong-typed, out of range), which are
    # what may answer a 500; valid values come from the fuzzing phase's examples. Half the
    # run's time (tests/test_input_shapes.py sends the hostile shapes to every URL besides).
    loaded.config.phases.coverage.unexpected_methods = {"patch"}
    loaded.config.phases.coverage.generation.modes = [GenerationMode.NEGATIVE]
    return loaded


schema = _schema()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The small world, built once for the module's hundred operations (what an operation
    writes is undone in its own savepoint)."""
    with shared_by_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def admin_session(shared_world, db):
    """An administrator's session and CSRF cookies, and the header the API wants them with.

    Schemathesis's WSGI client keeps cookies in its own jar (a Cookie header would be
    dropped), so they go as cookies; a first call checks that they do sign in. It calls the
    WSGI application itself, which sends the request signals Django's test client holds back:
    close_old_connections would close the test's connection (in a transaction, so not in
    autocommit) after the first request. They are held back the same way for the test (after
    the test client's own request, which connects them again when it ends)."""
    admin = get_user_model().objects.create_superuser("fuzzer", "fuzzer@example.org", "x" * 20)
    client = Client()
    client.force_login(admin)
    client.get("/dashboard/")  # sets the CSRF cookie
    cookies = {name: client.cookies[name].value for name in ("sessionid", "csrftoken")}
    headers = {"X-CSRFToken": cookies["csrftoken"]}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        compounds = schema["/api/v1/compounds/"]["GET"]
        signed_in = compounds.Case().call(headers=headers, cookies=cookies)
        assert signed_in.status_code == 200, signed_in.text
        yield {"headers": headers, "cookies": cookies}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_a_server_error(case, admin_session):
    case.call_and_validate(**admin_session, checks=[not_a_server_error])
    _send_hostile_shapes(case, admin_session)


# Operations whose hostile shapes were sent (once per operation, in the first case).
_shaped: set[tuple[str, str]] = set()


def _hostile_requests(case):
    """(label, query string, raw JSON body or None) of each hostile shape for ``case``."""
    # The text shape to every free-text parameter, the number shape to every integer one
    # (all at once: a shape one filter refuses would hide what the others do with theirs).
    by_shape = {shape: [] for shape in shapes.SAMPLE}
    for parameter in getattr(case.operation, "query", ()):
        kind = (parameter.definition or {}).get("schema", {})
        if kind.get("type") == "string" and not kind.get("format") and not kind.get("enum"):
            by_shape[shapes.SAMPLE[0]].append(parameter.name)
        elif kind.get("type") in ("integer", "number"):
            by_shape[shapes.SAMPLE[1]].append(parameter.name)
    for shape, names in by_shape.items():
        if names:
            query = urlencode(dict.fromkeys(names, shapes.VALUES[shape]))
            yield f"query {shape}", query, None
    if case.method.upper() not in ("POST", "PUT", "PATCH"):
        return
    for shape in shapes.BODY_SAMPLE:
        yield f"body {shape}", "", shapes.BODIES[shape]
    fields = case.body if isinstance(case.body, dict) and case.body else {"name": ""}
    for shape in shapes.JSON_SAMPLE:
        body = {name: shapes.json_value(shape) for name in fields}
        yield f"every field {shape}", "", json.dumps(body).encode()


def _send_hostile_shapes(case, session):
    key = (case.method.upper(), case.path)
    if key in _shaped:
        return
    _shaped.add(key)
    client = WSGIClient(schema.app)
    for name, value in session["cookies"].items():
        client.set_cookie(name, value)
    failures = []
    for label, query, body in _hostile_requests(case):
        kwargs = {"query_string": query, "headers": session["headers"]}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        response = client.open(case.formatted_path, method=case.method.upper(), **kwargs)
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
    assert not failures, f"{case.method.upper()} {case.formatted_path}: {failures}"
