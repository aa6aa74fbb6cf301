"""System checks of the settings the shared base reads."""

from django.conf import settings
from django.core import checks

from . import clock


def portal_today(app_configs=None, **kwargs) -> list:
    """Refuse a ``PORTAL_TODAY`` the clock cannot read, before a page would fail on it."""
    try:
        clock.set_day()
    except ValueError:
        return [
            checks.Error(
                f"PORTAL_TODAY={settings.PORTAL_TODAY!r} is not a day written as YYYY-MM-DD.",
                hint="Set it like 2020-07-17, or leave it empty to follow the machine's clock.",
                id="common.E001",
            )
        ]
    return []


def register() -> None:
    checks.register(portal_today)
