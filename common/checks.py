"""System checks of the settings the shared base reads."""

import datetime

from django.conf import settings
from django.core import checks


def portal_today(app_configs=None, **kwargs) -> list:
    """Refuse a ``PORTAL_TODAY`` that is not an ISO day, before a page would fail on it."""
    value = getattr(settings, "PORTAL_TODAY", None)
    if not value or isinstance(value, datetime.date):
        return []
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return [
            checks.Error(
                f"PORTAL_TODAY={value!r} is not a day written as YYYY-MM-DD.",
                hint="Set it like 2020-07-17, or leave it empty to follow the machine's clock.",
                id="common.E001",
            )
        ]
    return []


def register() -> None:
    checks.register(portal_today)
