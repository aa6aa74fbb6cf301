"""The dashboard's cache generation: the dashboard caches its figures under a generation number,
and every write that changes a figure moves the number on once its transaction commits, so a
cached dashboard is never older than the last committed write. Redis being away never stops a
write: the dashboard then computes its figures afresh."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

KEY = "dashboard:generation"


def generation() -> int:
    """Return the current generation (starting one when the cache has none)."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY) or 1
    return value


def _bump() -> None:
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # no generation yet, or evicted: start one
            cache.add(KEY, 1, timeout=None)
    except Exception as error:  # noqa: BLE001  a cache outage must not fail the write
        logger.warning("dashboard cache: could not move the generation on: %s", error)


def changed() -> None:
    """Note that a figure of the dashboard changed: the cached dashboards go stale once the
    current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def _on_write(sender, **kwargs):
    changed()


def watch(*models) -> None:
    """Make every save and delete of ``models`` a change of the dashboard."""
    for model in models:
        uid = f"dashboard-cache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
