"""A street's weekly and monthly reports (周例会, 月总结): asked for, then built into a
spreadsheet by a task (``tasks.build_report``)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from compounds.selectors import Level, in_scope, scope_for
from compounds.services import save_validated

from . import rules
from .choices import ReportStatus
from .models import Report
from .selectors import report_figures
from .spreadsheets import report_workbook


@transaction.atomic
def report_pending(*, street, kind: str, day, user) -> Report:
    """The street's report of the week or month holding ``day``, marked to be (re)built."""
    start, end = rules.report_period(kind, day)
    report = Report.objects.filter(street=street, kind=kind, period_start=start).first()
    if report is None:
        report = Report(
            street=street,
            kind=kind,
            period_start=start,
            period_end=end,
            requested_by=user if user is not None and user.is_authenticated else None,
        )
    if user is not None and not in_scope(user, report):
        raise PermissionDenied(_("You may only ask for your own street's reports."))
    report.status = ReportStatus.PENDING
    report.error = ""
    save_validated(report, user=user)
    return report


def report_build(*, report_id: int) -> Report:
    """Compute a report's figures and store them as a spreadsheet; safe to run twice."""
    report = Report.objects.select_related("street").get(pk=report_id)
    with translation.override(settings.LANGUAGE_CODE):
        figures = report_figures(street=report.street, start=report.period_start,
                                 end=report.period_end)  # fmt: skip
        content = report_workbook(report, figures)
    if report.file:
        report.file.delete(save=False)
    report.file.save(f"{report.kind}.xlsx", ContentFile(content), save=False)
    report.status = ReportStatus.READY
    report.built_at = clock.now()
    report.error = ""
    save_validated(report, user=None, reason=gettext_noop("built"))
    return report


def report_content(report, *, user) -> bytes | None:
    """The report's spreadsheet as ``user`` may read it: None when the stored file (the whole
    street's) is theirs to read, else a workbook built now from the figures of their scope
    (a community's staff read their community's compounds, never the street's others)."""
    if scope_for(user).level >= Level.STREET:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        figures = report_figures(
            street=report.street, start=report.period_start, end=report.period_end, user=user
        )
        return report_workbook(report, figures)
