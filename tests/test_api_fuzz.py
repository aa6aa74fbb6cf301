"""The OpenAPI schema fuzzed with schemathesis: every operation of the API, called with
generated parameters and bodies (valid and not) as an administrator, in process through
the WSGI application, must never answer a server error (5xx). Bad input is a 4xx with a
reason; what the fuzzer writes is rolled back with the test."""

import json

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

# In the default run; `make test PYTEST_ARGS="-m fuzz"` runs it alone.
pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Per operation: enough to send missing, wrong-typed and out-of-range values to each, and to
# keep the whole run within a minute or two.
EXAMPLES = 5


def _schema():
    """The API's own schema, as /api/schema/ serves it, called in process."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from renovation.wsgi import application

    spec = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(spec)
    loaded.app = application
    return loaded


schema = _schema()


@pytest.fixture
def admin_session(world):
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
