"""The names of a residents' supervision group go SUPERVISION_GROUP_RETENTION_DAYS after the
compound's acceptance, in the members and their history; the group's records stay."""

import datetime

import pytest

from common import clock
from common.retention import erase_expired_personal_data
from compounds.models import Compound

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
    assert not member.history.exclude(name="").exists()
    assert member.history.count() == 3  # created, renamed, erased
