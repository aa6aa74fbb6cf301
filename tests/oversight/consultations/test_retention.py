"""Owners' names of the household register go HOUSEHOLD_RETENTION_DAYS after the compound's
acceptance, in the homes and their history; the homes stay."""

import datetime

import pytest
from django.urls import reverse

from common import clock
from common.retention import ErasureReason, erase_expired_personal_data, personal_data_erase
from compounds.models import Compound
from oversight.consultations import services
from oversight.consultations.models import Household
from tests.utils import page_text

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


def test_the_homes_list_says_why_an_owners_name_is_gone(en, world):
    home = world.household_a1
    personal_data_erase(kind="households", ids=[home.pk], reason=ErasureReason.AT_REQUEST)
    home.refresh_from_db()
    assert (home.owner_name, home.anonymised_reason) == ("", ErasureReason.AT_REQUEST)
    en.force_login(world.users["street_staff"])
    url = reverse("oversight:household_list", args=[world.building_a1.pk])
    assert "personal data erased at the resident's request" in page_text(en.get(url))
