"""Celery tasks of the residents' voice: each takes IDs or nothing and calls the area's code
(intake, notices; the retention of common), never services, which queue these tasks.

Each keeps the name it had in oversight/tasks.py (``oversight.tasks.<function>``), which the
beat schedule (settings' CELERY_BEAT_SCHEDULE) and any message already queued name. Celery's
autodiscovery finds them through oversight/tasks.py."""

import datetime
import logging
from functools import partial

from celery import shared_task
from django.db import transaction

from common import clock, retention

from . import intake, notices
from .models import Opinion
from .retention import OPINIONS

logger = logging.getLogger(__name__)


def queue_notice(opinion_id: int) -> None:
    """Tell the compound's staff through Celery; if the broker is down, the beat sweep
    (notify_pending_opinions) sends it later, so a submission never fails for it."""
    try:
        notify_opinion.delay(opinion_id=opinion_id)
    except Exception:  # the broker is unreachable: the opinion is stored, the sweep retries
        logger.warning(
            "could not queue the notice of opinion %s; the beat sweep will send it", opinion_id
        )


def _registered(opinion_ids: list[int]) -> int:
    """Queue the notices of the opinions just registered (once committed); return how many."""
    for opinion_id in opinion_ids:
        transaction.on_commit(partial(queue_notice, opinion_id))
    return len(opinion_ids)


@shared_task(
    name="oversight.tasks.register_opinions", time_limit=300, soft_time_limit=270, acks_late=True
)
def register_opinions(*, intake_id: int | None = None) -> int:
    """Register residents' submissions as opinions: the given one first, then others pending."""
    return _registered(intake.register_pending(first_id=intake_id))


@shared_task(name="oversight.tasks.register_pending_opinions", time_limit=600, soft_time_limit=540)
def register_pending_opinions() -> int:
    """Beat, every minute: register the submissions whose task was lost (broker down)."""
    return _registered(intake.register_pending(limit=500))


@shared_task(
    name="oversight.tasks.notify_opinion", time_limit=120, soft_time_limit=108, acks_late=True
)
def notify_opinion(*, opinion_id: int) -> int:
    """Tell the compound's staff of a new opinion (once)."""
    return notices.notify_staff_of_opinion(opinion_id=opinion_id)


@shared_task(name="oversight.tasks.notify_pending_opinions", time_limit=600, soft_time_limit=540)
def notify_pending_opinions() -> int:
    """Beat, every minute: send the notices that could not be queued (broker down), of
    opinions registered over a minute ago (a queued notice has gone out by then)."""
    cutoff = clock.now() - datetime.timedelta(minutes=1)
    ids = Opinion.objects.filter(notified_at__isnull=True, created__lt=cutoff).values_list(
        "pk", flat=True
    )
    return sum(notices.notify_staff_of_opinion(opinion_id=pk) for pk in ids[:5000])


@shared_task(
    name="oversight.tasks.anonymise_closed_opinions", time_limit=1800, soft_time_limit=1620
)
def anonymise_closed_opinions() -> int:
    """The former nightly task's name, for a message already queued under it: erase every kind
    of personal data past its period (common.retention, the beat's
    common.tasks.erase_expired_personal_data); return how many opinions were erased."""
    return retention.erase_expired_personal_data()[OPINIONS]
