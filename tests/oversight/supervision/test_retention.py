"""The names of a residents' supervision group go SUPERVISION_GROUP_RETENTION_DAYS after the
compound's acceptance, in the members and their history; the group's records stay."""

import datetime

import pytest
from django.urls import reverse

from common import clock
from common.retention import ErasureReason, erase_expired_personal_data, personal_data_erase
from compounds.models import Compound
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_the_members_names_go_after_the_period_from_acceptance_and_not_before(
    world, member, settings
):
    settings.SUPERVISION_GROUP_RETENTION_DAYS = 730
    member.name = "李大伯"
    member.save()  # a second history row with a name
    today = clock.today()
    Compound.objects.filter(pk=world.a1.pk).update(accepted_on=today - datetime.timedelta(730))
    assert erase_expired_personal_data()["supervision_group"] == 0
    member.refresh_from_db()
    assert member.name == "李大伯"

    Compound.objects.filter(pk=world.a1.pk).update(accepted_on=today - datetime.timedelta(731))
    assert erase_expired_personal_data()["supervision_group"] == 1
    member.refresh_from_db()
    assert (member.name, member.user) == ("", world.users["supervisor"])
    assert member.anonymised_reason == "expired"
    assert not member.history.exclude(name="").exists()
    assert member.history.count() == 3  # created, renamed, erased


def test_the_group_page_says_why_a_name_is_gone(en, world, member):
    personal_data_erase(kind="supervision_group", ids=[member.pk], reason=ErasureReason.EXPIRED)
    en.force_login(world.users["street_staff"])
    text = page_text(en.get(reverse("oversight:supervision_group", args=[world.a1.pk])))
    assert "personal data erased after the retention period" in text
    assert "李大爷" not in text
