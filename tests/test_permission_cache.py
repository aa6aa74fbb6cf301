"""The role permissions, cached until a role changes: the second request reads them from the
cache, and adding or removing a group, or a group's permission, is seen at the next check."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import permission_cache

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (no per-request caches)."""
    return type(user).objects.get(pk=user.pk)


def test_the_second_check_reads_no_permission_table(world):
    user = world.users["inspector"]
    assert fresh(user).has_perm("compounds.view_compound")
    with CaptureQueriesContext(connection) as queries:
        assert fresh(user).has_perm("compounds.view_compound")
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "auth_permission" not in tables


def test_a_new_group_is_seen_at_once(world, django_capture_on_commit_callbacks):
    user = world.users["inspector"]
    assert not fresh(user).has_perm("oversight.change_opinion")
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(Group.objects.filter(permissions__codename="change_opinion").first())
    assert fresh(user).has_perm("oversight.change_opinion")


def test_a_removed_group_is_seen_at_once(world):
    user = world.users["street_staff"]
    assert fresh(user).has_perm("oversight.change_opinion")
    user.groups.clear()
    assert not fresh(user).has_perm("oversight.change_opinion")


def test_a_permission_taken_from_a_group_is_seen_at_once(world):
    user = world.users["street_staff"]
    assert fresh(user).has_perm("oversight.change_opinion")
    permission = Permission.objects.get(codename="change_opinion")
    for group in user.groups.all():
        group.permissions.remove(permission)
    assert not fresh(user).has_perm("oversight.change_opinion")


def test_an_inactive_user_has_none_even_with_a_cached_set(world):
    user = world.users["street_staff"]
    assert fresh(user).has_perm("oversight.change_opinion")
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not fresh(user).has_perm("oversight.change_opinion")


def test_without_the_cache_the_database_answers(world, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "get_many", down)  # the set and its generation, read at once
    assert fresh(world.users["inspector"]).has_perm("compounds.view_compound")


def test_the_generation_moves_on_after_the_commit_too(django_capture_on_commit_callbacks):
    before = permission_cache.GENERATION.current()
    with django_capture_on_commit_callbacks(execute=True):
        permission_cache.changed()
    assert permission_cache.GENERATION.current() == before + 2  # now, and once committed
