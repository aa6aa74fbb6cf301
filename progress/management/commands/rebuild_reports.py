"""``python manage.py rebuild_reports``: build every ready report's spreadsheet again, as a
street's request for it does. Run it once after an upgrade that changes how workbooks are
written: a report built before common.workbooks stored names as they were typed, so a name
beginning with "=" is a live formula in its stored file. ``--dry-run`` counts them only."""

from django.core.management.base import BaseCommand

from progress.choices import ReportStatus
from progress.models import Report
from progress.tasks import build_report


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the reports; build nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        ids = list(
            Report.objects.filter(status=ReportStatus.READY)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if dry_run:
            self.stdout.write(f"{len(ids)} ready reports would be built again.")
            return
        failed = 0
        for report_id in ids:
            try:
                build_report(report_id=report_id)  # in this process; a failure is recorded
            except Exception as error:  # noqa: BLE001 - one report's failure stops no other
                failed += 1
                self.stderr.write(f"Report {report_id}: {error}")
        self.stdout.write(f"{len(ids) - failed} reports built again, {failed} failed.")
