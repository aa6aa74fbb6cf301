"""Celery tasks of the dashboard: they take nothing, call a service, and can run twice."""

from celery import shared_task

from . import cells


@shared_task(time_limit=1800, soft_time_limit=1740)
def refresh_dashboard_rows() -> int:
    """Just after midnight: compute every summary row again, so that what changes with the day
    (late to start, overdue, the ages of problems) is of the new day."""
    return cells.refresh_cells()
