"""The registry of choices (common.scoping): the register narrows the records and accounts a
user may name to their scope; a model no narrower knows keeps its records."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common import scoping
from compounds.models import Compound
from compounds.selectors import choices_in_scope


def test_the_register_narrows_compounds_and_accounts_to_the_scope(world):
    staff = world.users["community_staff"]
    compounds = scoping.narrow(Compound.objects.all(), staff)
    assert list(compounds) == [world.a1]
    accounts = set(scoping.narrow(get_user_model().objects.all(), staff))
    # Their own account, their street's staff and a1's supervisor; not community 甲二's staff,
    # nor the accounts without an assignment.
    assert accounts == {staff, world.users["street_staff"], world.users["supervisor"]}
    inspector = world.users["inspector"]
    assert scoping.narrow(Compound.objects.all(), inspector).count() == 3


def test_a_model_no_narrower_knows_keeps_its_records(world):
    groups = Group.objects.all()
    assert scoping.narrow(groups, world.users["community_staff"]) is groups


def test_a_narrower_is_registered_once():
    before = list(scoping._narrowers)
    scoping.register(choices_in_scope)
    assert scoping._narrowers == before
    assert scoping._narrowers.count(choices_in_scope) == 1
