"""Celery tasks: each takes IDs or nothing, calls a service, and can run twice without harm.

The services queue these (``services`` imports ``tasks``), so the tasks call the modules below
the services (``figures``, ``notices``, ``reports``), never ``services`` itself."""

from celery import shared_task
from django.db import transaction

from common import clock
from compounds.models import Street

from . import figures, notices, reports, rules
from .choices import ReportStatus
from .models import Report


@shared_task(time_limit=600, soft_time_limit=540, acks_late=True)
def build_report(*, report_id: int) -> str:
    """Build one report into its spreadsheet; a failure is recorded on the report."""
    try:
        report = reports.report_build(report_id=report_id)
    except Exception as error:
        Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(error))
        raise
    return report.status


@shared_task(time_limit=600, soft_time_limit=540)
def build_periodic_reports(*, kind: str) -> int:
    """Ask for every street's report of the last complete week or month (beat)."""
    start, _end = rules.previous_period(kind, clock.today())
    for street in Street.objects.all():
        with transaction.atomic():
            report = reports.report_pending(street=street, kind=kind, day=start, user=None)
            transaction.on_commit(lambda pk=report.pk: build_report.delay(report_id=pk))
    return Street.objects.count()


@shared_task(time_limit=300, soft_time_limit=270)
def remind_missing_logs() -> int:
    """18:00 each day: remind staff of compounds under construction with no log today."""
    return notices.remind_missing_logs(day=clock.today())


@shared_task(time_limit=600, soft_time_limit=540)
def scan_overdue_milestones() -> int:
    """Each morning: notify staff of milestones that are overdue."""
    return notices.notify_overdue_milestones(today=clock.today())


@shared_task(time_limit=600, soft_time_limit=540)
def remind_overdue_rectifications() -> int:
    """Each morning: remind the responsible staff of every overdue problem, once a day."""
    return notices.remind_overdue_rectifications(today=clock.today())


@shared_task(time_limit=1800, soft_time_limit=1740, acks_late=True)
def refresh_compound_figures() -> dict:
    """Redo every compound's stored progress, last log and schedule figures (after the holiday
    table changed, or on demand)."""
    return figures.refresh_compound_figures()


def follow_dates(compound_ids) -> None:
    """What schedules are planned from changed (``common.effects.dates_changed``): these
    compounds' schedules are planned again now; for every compound (the holiday table), every
    figure is redone in a task once the change is committed."""
    if compound_ids is None:
        transaction.on_commit(lambda: refresh_compound_figures.delay())
    else:
        figures.refresh_schedules(compound_ids)
