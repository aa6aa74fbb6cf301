"""Writes go through services: validated in full, scoped, and kept in history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from compounds import services
from compounds.choices import CompoundStatus
from compounds.models import Building, Compound

pytestmark = pytest.mark.django_db


def test_compound_create_names_the_user_in_history(world):
    user = world.users["community_staff"]
    compound = services.compound_create(
        user=user, name="服务1号院", community=world.community_a1, plan=world.plan_a
    )
    record = compound.history.get()
    assert record.history_user == user
    assert record.history_type == "+"


def test_compound_create_outside_the_users_community_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.compound_create(
            user=world.users["community_staff"],
            name="越界1号院",
            community=world.community_a2,
            plan=world.plan_a,
        )
    assert "community" in error.value.message_dict
    assert not Compound.objects.filter(name="越界1号院").exists()


def test_compound_update_by_a_role_without_change_permission_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.compound_update(
            compound=world.a1, user=world.users["inspector"], address="督导不能改"
        )
    world.a1.refresh_from_db()
    assert world.a1.address != "督导不能改"


def test_compound_update_keeps_old_and_new_values(world):
    user = world.users["street_staff"]
    services.compound_update(
        compound=world.a1,
        user=user,
        reason="完工",
        status=CompoundStatus.COMPLETED,
        completed_on=datetime.date(2020, 9, 1),
    )
    latest, previous = world.a1.history.order_by("-history_id")[:2]
    delta = latest.diff_against(previous)
    assert {c.field for c in delta.changes} >= {"status", "completed_on"}
    assert latest.history_change_reason == "完工"
    assert latest.history_user == user


def test_invalid_update_saves_nothing(world):
    history = world.a1.history.count()
    with pytest.raises(ValidationError):
        services.compound_update(
            compound=world.a1, user=world.users["street_staff"], status=CompoundStatus.COMPLETED
        )
    assert world.a1.history.count() == history
    assert Compound.objects.get(pk=world.a1.pk).status == CompoundStatus.STARTED


def test_plan_of_another_street_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.compound_create(
            user=None, name="错街1号院", community=world.community_a1, plan=world.plan_b
        )
    assert "plan" in error.value.message_dict


def test_building_create_on_a_compound_outside_scope_is_refused(world):
    with pytest.raises(ValidationError):
        services.building_create(
            user=world.users["community_staff"],
            compound=world.b1,
            number="9号楼",
            floors=6,
            households=10,
            floor_area=100,
        )
    assert not Building.objects.filter(number="9号楼").exists()


def test_community_and_plan_services_stay_in_the_users_street(world):
    with pytest.raises(ValidationError):
        services.community_create(
            user=world.users["street_staff"], street=world.street_b, name="外"
        )
    with pytest.raises(ValidationError):
        services.plan_create(
            user=world.users["street_staff"],
            street=world.street_b,
            year=2021,
            name="外街计划",
            target_completion_date=datetime.date(2021, 12, 31),
        )
    plan = services.plan_create(
        user=world.users["street_staff"],
        street=world.street_a,
        year=2021,
        name="甲街道2021年计划",
        target_completion_date=datetime.date(2021, 12, 31),
    )
    assert plan.history.get().history_user == world.users["street_staff"]


def test_plan_deadline_before_its_year_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.plan_update(
            plan=world.plan_a,
            user=world.users["street_staff"],
            target_completion_date=datetime.date(2019, 12, 31),
        )
    assert "target_completion_date" in error.value.message_dict
