"""Celery tasks of the shared base: each calls the code below it, as every other interface
does."""

from celery import shared_task

from . import retention


@shared_task(name="common.tasks.erase_expired_personal_data", time_limit=1800, soft_time_limit=1620)
def erase_expired_personal_data() -> dict[str, int]:
    """Nightly: erase every kind of personal data whose period has run out (common.retention);
    return the count per kind."""
    return retention.erase_expired_personal_data()
