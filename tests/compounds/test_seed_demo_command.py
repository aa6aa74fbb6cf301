"""seed_demo on an empty database: it refuses to run with DEBUG off unless forced, and a dry
run saves nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from compounds.models import Compound
from tests.utils import seed_demo as seed

pytestmark = pytest.mark.django_db


def test_refuses_without_debug_unless_forced():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())
    assert not Compound.objects.exists()
    with override_settings(DEBUG=False):
        call_command("seed_demo", "--force", stdout=StringIO())
    assert Compound.objects.count() == 30


def test_dry_run_saves_nothing():
    output = seed("--dry-run")
    assert "created: " in output
    assert "26 / 30 started, start rate 87%" in output
    assert not Compound.objects.exists()
