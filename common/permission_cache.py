"""Django's ModelBackend with each user's role permissions kept in the cache.

Every staff page asks for the user's permissions, which ModelBackend reads with two joined
queries per request (the user's own and their groups'). Here the set is cached under a
generation number; any change of a user's groups or permissions, of a group's permissions, or
a deleted group or permission moves the number on once its transaction commits, so no cached
set outlives the change that made it wrong. Whether the user is active or a superuser is never
cached: it is read from the user row loaded with the request, as before.

If the cache is unreachable the permissions are read from the database, as ModelBackend does.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete

from .cache import Generation

logger = logging.getLogger(__name__)

GENERATION = Generation("permissions:generation")
_bump = GENERATION.bump
TIMEOUT = 60 * 60


def changed(**kwargs) -> None:
    """A role changed: cached permission sets go stale now, for this transaction's own reads,
    and again once it commits, in case another request cached the old sets meanwhile."""
    _bump()
    transaction.on_commit(_bump)


class CachedModelBackend(ModelBackend):
    """ModelBackend whose permission sets (user and groups together) come from the cache."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if hasattr(user_obj, "_perm_cache"):
            return user_obj._perm_cache
        key = f"permissions:{user_obj.pk}:{int(user_obj.is_superuser)}"
        try:
            number, cached = GENERATION.read(key)
        except Exception as error:  # noqa: BLE001  the cache is down: read the database
            logger.warning("permission cache: unreadable, reading the database: %s", error)
            return super().get_all_permissions(user_obj)
        if cached is not None:
            user_obj._perm_cache = set(cached)
            return user_obj._perm_cache
        permissions = super().get_all_permissions(user_obj)
        try:
            GENERATION.store(key, number, frozenset(permissions), TIMEOUT)
        except Exception as error:  # noqa: BLE001
            logger.warning("permission cache: could not store a set: %s", error)
        return permissions


def connect() -> None:
    User = get_user_model()
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        uid = f"perm-cache-{through._meta.label_lower}"
        m2m_changed.connect(changed, sender=through, dispatch_uid=uid)
    # A deleted group or permission takes its links with it, without m2m_changed.
    for model in (Group, Permission):
        label = model._meta.label_lower
        post_delete.connect(changed, sender=model, dispatch_uid=f"perm-cache-delete-{label}")
