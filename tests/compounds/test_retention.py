"""The phones of a compound's person in charge and contact person go
COMPOUND_CONTACT_RETENTION_DAYS after its acceptance, in the compound and its history; their
names stay."""

import datetime

import pytest

from common import clock
from common.retention import ErasureReason, erase_expired_personal_data, personal_data_erase
from compounds.models import Compound
from tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db


def test_the_contacts_phones_go_after_the_period_from_acceptance_and_not_before(settings):
    settings.COMPOUND_CONTACT_RETENTION_DAYS = 730
    compound = CompoundFactory(
        person_in_charge="王建军", person_in_charge_phone="+8613900001111",
        contact_person="李红", contact_phone="+8613900002222",
    )  # fmt: skip
    never_accepted = CompoundFactory(contact_person="赵强", contact_phone="+8613900003333")
    today = clock.today()
    Compound.objects.filter(pk=compound.pk).update(accepted_on=today - datetime.timedelta(730))
    assert erase_expired_personal_data()["compound_contacts"] == 0

    Compound.objects.filter(pk=compound.pk).update(accepted_on=today - datetime.timedelta(731))
    assert erase_expired_personal_data()["compound_contacts"] == 1
    compound.refresh_from_db()
    phones = (str(compound.person_in_charge_phone), str(compound.contact_phone))
    assert phones == ("", "")
    assert (compound.person_in_charge, compound.contact_person) == ("王建军", "李红")
    assert not compound.history.exclude(person_in_charge_phone="", contact_phone="").exists()
    never_accepted.refresh_from_db()
    assert never_accepted.contact_phone.as_e164 == "+8613900003333"


def test_a_compound_without_phones_is_not_counted():
    compound = CompoundFactory()
    assert personal_data_erase(
        kind="compound_contacts", ids=[compound.pk], reason=ErasureReason.EXPIRED
    ) == 0  # fmt: skip
