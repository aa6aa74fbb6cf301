"""Validators every app shares: the rules of common.rules read against the clock."""

from django.core.exceptions import ValidationError

from . import clock
from .rules import FUTURE_DAY, is_in_the_future


def future_day_errors(**days) -> dict:
    """Return the fields of ``days`` whose day has not come yet, each with the one sentence
    (for a model's clean(); services run it through full_clean, so the page, the API and a
    command meet the same refusal)."""
    today = clock.today()
    return {field: FUTURE_DAY for field, day in days.items() if is_in_the_future(day, today=today)}


def not_in_future(day, field: str) -> None:
    """Refuse ``day`` under ``field`` when it has not come yet."""
    if errors := future_day_errors(**{field: day}):
        raise ValidationError(errors, code="future")
