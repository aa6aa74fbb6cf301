"""The residents' voice of the demo: about 100 opinions over the named compounds, channels and
statuses, some accepted into work items; the elevator consultations of 丰产路47号院."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from oversight import rules
from oversight.choices import Channel, OpinionStatus
from oversight.consultations import rules as consultation_rules
from oversight.consultations.choices import ElevatorStage
from oversight.models import ElevatorProject, Household, Opinion, SurveyAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_data, db):
    """The module's seeded demo (see tests/conftest.py)."""


def _tally(project):
    homes = [(h.pk, h.floor_area) for h in project.building.homes.all()]
    answers = {c.household_id: c.answer for c in project.consents.all()}
    return consultation_rules.consent_tally(homes, answers)


def test_demo_residents_voice(seeded):
    """One seeding (it takes seconds), every figure checked."""
    _check_opinions()
    _check_elevators()
    _check_households()


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


def _check_elevators():
    """Four buildings of 47号院 reached consent and apply; the other two still consult."""
    projects = list(
        ElevatorProject.objects.filter(building__compound__name="丰产路47号院")
        .select_related("building")
        .order_by("building__number")
    )
    assert len(projects) == 6
    applying = [p for p in projects if p.stage == ElevatorStage.APPLYING]
    consulting = [p for p in projects if p.stage == ElevatorStage.CONSULTING]
    assert len(applying) == 4 and len(consulting) == 2
    assert all(_tally(p).consent_reached for p in applying)
    assert not any(_tally(p).consent_reached for p in consulting)
    for project in projects:
        project.full_clean()  # stage dates consistent


def _check_households():
    homes = Household.objects.filter(building__compound__name="丰产路47号院")
    assert homes.count() == 289
    assert len(set(homes.values_list("code", flat=True))) == 289
    assert SurveyAnswer.objects.filter(household__in=homes).exists()


def test_seeding_again_creates_nothing(seeded):
    out = StringIO()
    before = Opinion.history.count()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    assert "Nothing to create" in out.getvalue()
    assert Opinion.history.count() == before
