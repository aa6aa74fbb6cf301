"""Celery tasks of the residents' voice: each takes IDs or nothing and calls a service.

Each keeps the name it had in oversight/tasks.py (``oversight.tasks.<function>``), which the
beat schedule (settings' CELERY_BEAT_SCHEDULE) and any message already queued name. Celery's
autodiscovery finds them through oversight/tasks.py."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Opinion


@shared_task(
    name="oversight.tasks.register_opinions", time_limit=300, soft_time_limit=270, acks_late=True
)
def register_opinions(*, intake_id: int | None = None) -> int:
    """Register residents' submissions as opinions: the given one first, then others pending."""
    return services.register_pending(first_id=intake_id)


@shared_task(name="oversight.tasks.register_pending_opinions", time_limit=600, soft_time_limit=540)
def register_pending_opinions() -> int:
    """Beat, every minute: register the submissions whose task was lost (broker down)."""
    return services.register_pending(limit=500)


@shared_task(
    name="oversight.tasks.notify_opinion", time_limit=120, soft_time_limit=108, acks_late=True
)
def notify_opinion(*, opinion_id: int) -> int:
    """Tell the compound's staff of a new opinion (once)."""
    return services.notify_staff_of_opinion(opinion_id=opinion_id)


@shared_task(name="oversight.tasks.notify_pending_opinions", time_limit=600, soft_time_limit=540)
def notify_pending_opinions() -> int:
    """Beat, every minute: send the notices that could not be queued (broker down), of
    opinions registered over a minute ago (a queued notice has gone out by then)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=1)
    ids = Opinion.objects.filter(notified_at__isnull=True, created__lt=cutoff).values_list(
        "pk", flat=True
    )
    return sum(services.notify_staff_of_opinion(opinion_id=pk) for pk in ids[:5000])


@shared_task(
    name="oversight.tasks.anonymise_closed_opinions", time_limit=1800, soft_time_limit=1620
)
def anonymise_closed_opinions() -> int:
    """Nightly: erase names and phones of opinions closed longer than the retention period."""
    return services.anonymise_closed_opinions()
