"""The residents' opinions of the demo: about 100 opinions over the named compounds, channels
and statuses, some accepted into work items."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from oversight.opinions import rules
from oversight.opinions.choices import Channel, OpinionStatus
from oversight.opinions.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_data, db):
    """The module's seeded demo (see tests/conftest.py)."""


def test_demo_opinions(seeded):
    """One seeding (it takes seconds), every figure checked."""
    _check_opinions()


def _check_opinions():
    opinions = Opinion.objects.all()
    assert 90 <= opinions.count() <= 110
    assert set(opinions.values_list("channel", flat=True)) == set(Channel.values)
    assert set(opinions.values_list("status", flat=True)) == set(OpinionStatus.values)
    accepted = opinions.filter(status=OpinionStatus.ACCEPTED)
    assert accepted.exists()
    assert not accepted.filter(work_item__isnull=True).exists()
    for opinion in accepted.select_related("work_item"):
        assert opinion.work_item.compound_id == opinion.compound_id
        assert opinion.work_item.category in opinion.topics
    assert opinions.filter(hidden=True).count() == 1
    assert opinions.filter(merged_into__isnull=False).count() == 1
    for code in opinions.values_list("code", flat=True):
        assert rules.normalise_code(code) == code


def test_seeding_again_creates_nothing(seeded):
    out = StringIO()
    before = Opinion.history.count()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    assert "Nothing to create" in out.getvalue()
    assert Opinion.history.count() == before
