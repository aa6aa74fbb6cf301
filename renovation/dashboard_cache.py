"""The dashboard's cache generation: the dashboard caches its figures under a generation number,
and every write that changes a figure moves the number on once its transaction commits, so a
cached dashboard is never older than the last committed write. Redis being away never stops a
write: the dashboard then computes its figures afresh."""

from django.db import transaction

from common.cache import Generation

GENERATION = Generation("dashboard:generation")
_bump = GENERATION.bump


def changed() -> None:
    """Note that a figure of the dashboard changed: the cached dashboards go stale once the
    current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)
