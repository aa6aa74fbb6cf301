"""The portal's one clock (common.clock): the machine's, or the day PORTAL_TODAY sets, for every
"today" the programme reasons with, the records' stamps and the templates' "… ago"."""

import datetime
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.template import Context, Template
from django.utils import timezone

from common import clock
from common.checks import portal_today
from compounds.models import Street
from progress.demo import AS_OF

DAY = datetime.date(2020, 7, 17)


def test_without_a_set_day_the_clock_is_the_machines(settings):
    settings.PORTAL_TODAY = None
    assert clock.set_day() is None
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < datetime.timedelta(seconds=5)


def test_a_set_day_moves_today_and_now_and_the_time_of_day_keeps_running(settings):
    settings.PORTAL_TODAY = DAY.isoformat()
    assert clock.today() == DAY
    moment = clock.now()
    assert timezone.is_aware(moment)
    assert timezone.localtime(moment).date() == DAY
    machine = timezone.localtime()
    assert abs(
        datetime.datetime.combine(DAY, timezone.localtime(moment).time())
        - datetime.datetime.combine(DAY, machine.time())
    ) < datetime.timedelta(seconds=5)


@pytest.mark.django_db
def test_a_record_made_on_the_set_day_is_stamped_that_day(settings):
    settings.PORTAL_TODAY = DAY.isoformat()
    street = Street.objects.create(name="时钟街道", district="金水区", city="郑州市")
    assert timezone.localtime(street.created).date() == DAY


def test_the_templates_ago_counts_to_the_clocks_now(settings):
    settings.PORTAL_TODAY = DAY.isoformat()
    three_days_before = clock.now() - datetime.timedelta(days=3)
    text = Template("{% load clock %}{{ moment|since }}|{% today %}").render(
        Context({"moment": three_days_before})
    )
    since, today = text.split("|")
    assert since.startswith("3")
    assert today == str(DAY)


def test_a_malformed_day_is_refused_by_a_system_check(settings):
    settings.PORTAL_TODAY = "2020-13-01"
    errors = portal_today()
    assert [error.id for error in errors] == ["common.E001"]
    assert "2020-13-01" in errors[0].msg
    settings.PORTAL_TODAY = "2020-07-17"
    assert portal_today() == []
    assert not [error for error in run_checks() if error.id == "common.E001"]


def _setting_of(module, env):
    code = f"import {module} as s; print(s.PORTAL_TODAY)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=True,
    )
    return result.stdout.strip()


def test_the_local_portal_lives_on_the_demos_day_and_production_on_the_machines():
    assert _setting_of("renovation.settings.local", {}) == AS_OF.isoformat()
    assert _setting_of("renovation.settings.local", {"PORTAL_TODAY": ""}) == "None"
    production = {
        "PORTAL_TODAY": "2020-07-17",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "x",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    assert _setting_of("renovation.settings.production", production) == "None"
