"""/healthz answers 200 when its parts answer, 503 naming the part that does not."""

import os

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthy_portal_answers_200(client, settings):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"


def test_database_failure_is_named_with_503(client):
    def refuse(execute, sql, params, many, context):
        if sql.strip().upper().startswith("SELECT 1"):
            raise OperationalError("connection refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


def test_redis_failure_is_named_with_503(client):
    """A real Redis client pointed at a port where nothing listens."""
    dead = "redis://127.0.0.1:1/0"
    with override_settings(
        REDIS_URL=dead,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": dead,
                "OPTIONS": {"socket_connect_timeout": 0.5},
            }
        },
    ):
        response = client.get(reverse("healthz"))
    caches["default"].close()
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


@pytest.mark.redis
def test_cache_is_the_real_redis_when_configured(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    assert client.ping()
    caches["default"].set("tests:probe", "value", timeout=10)
    keys = client.keys("*tests:probe*")
    assert keys, "the Django cache did not write to the configured Redis"


def test_ci_runs_against_the_real_services(settings):
    """Under CI (REQUIRE_SERVICES=1) the suite must not silently fall back to SQLite."""
    if not os.environ.get("REQUIRE_SERVICES"):
        pytest.skip("only under CI")
    assert connection.vendor == "postgresql"
    assert settings.REDIS_URL
    assert settings.CELERY_BROKER_URL.startswith("redis://")
