"""Scopes: who sees which part of the register."""

import pytest

from compounds import selectors
from compounds.selectors import Level, scope_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "level", "compounds"),
    [
        ("no_role", Level.NONE, set()),
        ("street_staff", Level.STREET, {"甲一1号院", "甲二2号院"}),
        ("community_staff", Level.COMMUNITY, {"甲一1号院"}),
        ("other_community_staff", Level.COMMUNITY, {"甲二2号院"}),
        ("supervisor", Level.COMPOUND, {"甲一1号院"}),
        ("inspector", Level.EVERYTHING, {"甲一1号院", "甲二2号院", "乙一3号院"}),
        ("admin", Level.EVERYTHING, {"甲一1号院", "甲二2号院", "乙一3号院"}),
    ],
)
def test_each_role_sees_its_part_of_the_register(world, who, level, compounds):
    user = world.users[who]
    assert scope_for(user).level == level
    assert {c.name for c in selectors.compound_list(user=user)} == compounds
    buildings = {b.compound.name for b in selectors.building_list(user=user)}
    assert buildings == compounds


def test_queryset_filter_and_single_object_check_agree(world):
    """scoped() and in_scope() are two forms of one rule: they must never disagree."""
    from compounds.models import Building, Community, Compound, RenovationPlan, Street

    for user in world.users.values():
        for model in (Street, Community, RenovationPlan, Compound, Building):
            visible = set(selectors.scoped(model.objects.all(), user).values_list("pk", flat=True))
            for obj in model.objects.all():
                assert selectors.in_scope(user, obj) == (obj.pk in visible), (user, obj)


def test_supervisor_sees_their_compounds_community_and_street_plans(world):
    user = world.users["supervisor"]
    assert list(selectors.community_list(user=user)) == [world.community_a1]
    assert list(selectors.plan_list(user=user)) == [world.plan_a]


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.compound_list(user=AnonymousUser()).exists()


def test_plan_summary_counts_started_and_buildings_once(world):
    """Joining buildings must not multiply compound counts."""
    summary = selectors.plan_summary(plan=world.plan_a, user=world.users["street_staff"])
    total = summary["total"]
    assert (total["compounds"], total["started"], total["start_rate"]) == (2, 1, 50)
    assert (total["buildings"], total["households"]) == (3, 90)
