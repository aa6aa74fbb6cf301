"""How long the residents' personal data is kept (PIPL): the name and phone of an opinion go
once it has been closed for OPINION_RETENTION_DAYS."""

import datetime

from django.conf import settings
from django.db import transaction

from common import clock

from .choices import OpinionStatus
from .models import Opinion, OpinionIntake


def anonymise_closed_opinions(*, now=None) -> int:
    """Erase the name and phone of opinions closed more than OPINION_RETENTION_DAYS ago, in
    the opinions and in every history row of them (PIPL: keep no longer than needed), and of
    submissions that could not be registered in that time."""
    now = now or clock.now()
    cutoff = now - datetime.timedelta(days=settings.OPINION_RETENTION_DAYS)
    due = Opinion.objects.filter(
        status=OpinionStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )
    ids = list(due.values_list("pk", flat=True))
    _anonymise_stuck_submissions(cutoff)
    if not ids:
        return 0
    with transaction.atomic():
        Opinion.objects.filter(pk__in=ids).update(name="", phone="", anonymised_at=now)
        Opinion.history.filter(id__in=ids).update(name="", phone="")
    return len(ids)


def _anonymise_stuck_submissions(cutoff) -> None:
    """Submissions that could not be registered keep what was sent, for an administrator; past
    the retention period their name and phone go too (a handful of rows, if any)."""
    stuck = OpinionIntake.objects.filter(registered_at__isnull=True, received_at__lt=cutoff)
    for intake in stuck.exclude(error=""):
        if intake.payload.get("name") or intake.payload.get("phone"):
            intake.payload.update(name="", phone="")
            intake.save(update_fields=["payload"])
