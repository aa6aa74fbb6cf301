"""When the database or Redis cannot be reached, a request answers a clean 503 with
Retry-After (JSON under /api/), never a 500; the public rate limit keeps counting in the
process while Redis is down, so residents can still send their opinions."""

import pytest
from django.core.cache import caches
from django.db import IntegrityError, OperationalError, connection
from django.test import Client, override_settings

from oversight.models import OpinionIntake

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/opinions/"
DEAD_REDIS = "redis://127.0.0.1:1/0"


def body(world):
    return {"compound": world.a1.pk, "topics": ["other"], "text": "楼道灯坏了", "consent": True}


def refusing(kind):
    def wrapper(execute, sql, params, many, context):
        if "opinionintake" in sql:
            raise kind("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def test_the_database_gone_is_a_503_with_retry_after_on_the_api(world):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refusing(OperationalError)):
        response = client.post(URL, body(world), content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["detail"] == "系统暂时无法使用，请稍后再试。"


def test_the_database_gone_is_a_503_page_on_the_public_form(world):
    client = Client(raise_request_exception=False)
    form = {"compound": world.a1.pk, "topics": ["other"], "text": "楼道灯坏了", "consent": "on"}
    with connection.execute_wrapper(refusing(OperationalError)):
        response = client.post("/opinions/new/", form)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "请稍后再试" in response.content.decode()


def test_any_other_database_error_is_still_a_500(world):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refusing(IntegrityError)):
        response = client.post(URL, body(world), content_type="application/json")
    assert response.status_code == 500


def test_with_redis_down_submissions_are_stored_and_still_limited(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "opinion_submit": "3/min",
            "opinion_attempt": "60/min",
            "opinion_track": "30/min",
        },
    }
    client = Client(raise_request_exception=False, REMOTE_ADDR="198.51.100.9")
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "common.cache.RedisCache",
                "LOCATION": DEAD_REDIS,
                "OPTIONS": {"socket_connect_timeout": 0.5},
            }
        },
    ):
        statuses = [
            client.post(URL, body(world), content_type="application/json").status_code
            for _ in range(4)
        ]
        caches["default"].close()
    assert statuses == [201, 201, 201, 429]  # counted in this process meanwhile
    assert OpinionIntake.objects.count() == 3


@pytest.mark.parametrize("path", ["/api/v1/inspections/0.5/answer/", "/no/such/page/"])
def test_an_unreadable_body_to_an_unknown_address_is_a_404(world, path):
    """A multipart body without its boundary, sent with a valid CSRF token to an address that
    does not exist: Django's 404 handler checked the token by reading the POST, which raised
    inside the handler (a 500, found by the API's fuzz run)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world.users["admin"])
    client.get("/dashboard/")
    token = client.cookies["csrftoken"].value
    response = client.generic(
        "POST", path, b'{"answer": "0"}', content_type="multipart/form-data",
        HTTP_X_CSRFTOKEN=token,
    )  # fmt: skip
    assert response.status_code == 404
    page = client.get(path)
    assert page.status_code == 404 and 'name="csrfmiddlewaretoken"' in page.content.decode()
