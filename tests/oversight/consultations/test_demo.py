"""The consultations of the demo: the elevator consultations and the households of
丰产路47号院, and their survey."""

import pytest

from oversight.consultations import rules
from oversight.consultations.choices import ElevatorStage
from oversight.models import ElevatorProject, Household, SurveyAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_data, db):
    """The module's seeded demo (see tests/conftest.py)."""


def _tally(project):
    homes = [(h.pk, h.floor_area) for h in project.building.homes.all()]
    answers = {c.household_id: c.answer for c in project.consents.all()}
    return rules.consent_tally(homes, answers)


def test_demo_consultations(seeded):
    """One seeding (it takes seconds), every figure checked."""
    _check_elevators()
    _check_households()


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
