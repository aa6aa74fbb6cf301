"""Owners' names of the household register go HOUSEHOLD_RETENTION_DAYS after the compound's
acceptance, in the homes and their history; the homes stay."""

import datetime

import pytest

from common import clock
from common.retention import erase_expired_personal_data
from compounds.models import Compound
from oversight.consultations import services
from oversight.consultations.models import Household

pytestmark = pytest.mark.django_db


def test_owners_names_go_after_the_period_from_acceptance_and_not_before(world, settings):
    settings.HOUSEHOLD_RETENTION_DAYS = 730
    home = services.household_create(
        user=None, building=world.building_a1, door="901", floor_area=10, owner_name="钱叔叔"
    )
    services.household_update(household=home, user=None, owner_name="钱阿姨")
    today = clock.today()
    Compound.objects.filter(pk=world.a1.pk).update(accepted_on=today - datetime.timedelta(730))
    assert erase_expired_personal_data()["households"] == 0
    home.refresh_from_db()
    assert home.owner_name == "钱阿姨"

    Compound.objects.filter(pk=world.a1.pk).update(accepted_on=today - datetime.timedelta(731))
    named = Household.objects.filter(building__compound=world.a1).exclude(owner_name="")
    other = Household.objects.exclude(building__compound=world.a1).exclude(owner_name="")
    expected, kept = named.count(), other.count()
    assert erase_expired_personal_data()["households"] == expected >= 1
    assert other.count() == kept  # the compounds not accepted keep theirs
    home.refresh_from_db()
    assert (home.owner_name, home.door) == ("", "901")
    assert not home.history.exclude(owner_name="").exists()
    assert home.history.latest().history_change_reason == (
        "personal data erased after the retention period"
    )
    assert erase_expired_personal_data()["households"] == 0
