"""Celery tasks of the residents' data requests: each takes identifiers (a receipt code, a
phone's keyed hash, never the number) and calls the area's code below the services."""

from celery import shared_task

from . import codes


@shared_task(
    name="oversight.privacy.tasks.text_confirmation_code", time_limit=60, soft_time_limit=50
)
def text_confirmation_code(*, code: str, phone_digest: str) -> bool:
    """Text a confirmation code if the receipt code and the phone match (codes.py)."""
    return codes.text_confirmation_code(code=code, phone_digest=phone_digest)
