"""Settings that protect production, and the Celery app's wiring."""

import subprocess
import sys

import pytest
from django.conf import settings

from renovation.celery_app import app


def _production(env):
    code = "import renovation.settings.production"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _production({"ALLOWED_HOSTS": "x", "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_has_no_database_default():
    result = _production({"ALLOWED_HOSTS": "x", "SECRET_KEY": "k" * 50})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_celery_takes_its_settings_from_django():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert not app.conf.task_always_eager, "eager mode is for the local run, not for tests"


@pytest.mark.redis
def test_celery_reaches_the_real_broker():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=2)
        assert connection.connected


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_warning_free():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_production_logs_one_json_object_a_line():
    code = (
        "import django, json, logging, os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'renovation.settings.production';"
        "django.setup();"
        "logging.getLogger('renovation.check').warning('楼院 %s', 26)"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "x",
           "DATABASE_URL": "sqlite:///:memory:"}  # fmt: skip
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True,
        cwd=settings.BASE_DIR, check=True,
    )  # fmt: skip
    import json

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "renovation.check",
        "楼院 26",
    )
