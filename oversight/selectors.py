"""Reads of the residents' voice, always scoped to the user who asks (public reads name what
they show: never a name or a phone)."""

from django.db.models import QuerySet

from compounds.selectors import scoped

from . import rules
from .models import Opinion


def opinion_list(*, user) -> QuerySet:
    return scoped(
        Opinion.objects.select_related("compound", "building", "assignee", "work_item"), user
    ).prefetch_related("topic_rows")


def opinion_by_code(raw_code: str) -> Opinion | None:
    """Find an opinion by a typed receipt code, or None (also for a malformed code)."""
    code = rules.normalise_code(raw_code)
    if code is None:
        return None
    return (
        Opinion.objects.select_related("merged_into", "work_item", "compound")
        .filter(code=code)
        .first()
    )
