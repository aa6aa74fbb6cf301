"""``python manage.py refresh_figures``: compute every stored figure again from the records (each
compound's progress, last log and latest start, each milestone's due dates, the dashboard's
summary rows). The writes keep them up to date; run this after a bulk import or an upgrade."""

from django.core.management.base import BaseCommand

from progress.figures import refresh_compound_figures


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        result = refresh_compound_figures()
        self.stdout.write(
            f"{result['compounds']} compounds: {result['progress_changed']} progress figures and "
            f"{result['schedule_rows_changed']} schedule rows changed, "
            f"{result['dashboard_rows']} dashboard rows written."
        )
