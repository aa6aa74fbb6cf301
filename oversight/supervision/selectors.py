"""Supervision records and the residents' supervision groups: reads, scoped to the user, and
the acceptance check (a passed third-party acceptance record) that OversightConfig.ready()
registers with compounds.acceptance."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from compounds.selectors import scoped
from progress.permissions import is_administrator, role_names

from . import rules
from .choices import SupervisionKind
from .models import SupervisionCheck, SupervisionGroupMember, SupervisionRecord


def record_list(*, user) -> QuerySet:
    """The supervision records the user may read, with their counts of failed checks."""
    return scoped(
        SupervisionRecord.objects.select_related("compound__community", "recorded_by"), user
    ).annotate(
        check_count=Count("checks", distinct=True),
        failed_count=Count("checks", filter=Q(checks__passed=False), distinct=True),
    )


def record_detail(*, record: SupervisionRecord) -> dict:
    """What a record's page shows besides the record: its checks with the problems they
    raised, and its photos."""
    return {
        "checks": list(record.checks.select_related("rectification").order_by("order", "pk")),
        "photos": list(record.photos.all()),
    }


def group_members(*, compound) -> QuerySet:
    return SupervisionGroupMember.objects.filter(compound=compound).select_related("user")


def member_list(*, user) -> QuerySet:
    return scoped(
        SupervisionGroupMember.objects.select_related("compound__community", "user"), user
    )


def passed_acceptance(compound) -> QuerySet:
    """The compound's third-party acceptance records in which every check passed."""
    failed = SupervisionCheck.objects.filter(record=OuterRef("pk"), passed=False)
    return (
        SupervisionRecord.objects.filter(
            compound_id=compound.pk, level="third_party", kind=SupervisionKind.ACCEPTANCE
        )
        .filter(checks__isnull=False)
        .exclude(Exists(failed))
        .distinct()
    )


def acceptance_record_missing(compound) -> list[str]:
    """For acceptance (compounds.acceptance): a passed third-party acceptance record."""
    if passed_acceptance(compound).exists():
        return []
    return [
        _(
            "There is no passed third-party acceptance record (第三方验收): record the third "
            "party's acceptance check with every item passed."
        )
    ]


def filing_levels_of(user) -> set[str]:
    """The levels at which ``user`` may file supervision records."""
    return rules.filing_levels(roles=role_names(user), administrator=is_administrator(user))
