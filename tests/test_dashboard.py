"""The dashboard shows the start rate the way the street reports it, computed from records."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_community_staff_sees_only_their_community(client, world):
    client.force_login(world.users["community_staff"])
    summary = client.get(reverse("dashboard")).context["summary"]
    assert [r["community"] for r in summary["communities"]] == ["甲一社区"]
    assert summary["total"]["compounds"] == 1
    assert summary["total"]["households"] == 70


def test_unknown_or_foreign_plan_is_not_found(client, world):
    client.force_login(world.users["community_staff"])
    assert client.get(reverse("dashboard"), {"plan": world.plan_b.pk}).status_code == 404
    assert client.get(reverse("dashboard"), {"plan": "abc"}).status_code == 404


def test_dashboard_query_count_does_not_grow_with_compounds(
    client, world, django_assert_max_num_queries
):
    from tests.factories import BuildingFactory, CompoundFactory

    client.force_login(world.users["inspector"])
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("dashboard"), {"plan": world.plan_a.pk})
    for _ in range(20):
        BuildingFactory(compound=CompoundFactory(community=world.community_a1, plan=world.plan_a))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboard"), {"plan": world.plan_a.pk})
