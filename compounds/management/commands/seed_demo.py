from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from compounds.demo import DEMO_PASSWORD, Tally
from compounds.models import RenovationPlan
from compounds.roles import sync_roles
from compounds.selectors import plan_summary

# Apps that may have a demo module, in the order their data depends on each other.
DEMO_APPS = ("compounds", "progress", "oversight")


class Command(BaseCommand):
    help = (
        "Create the demo data of 文化路街道 from the source articles: the register, then each "
        "app's own demo data (its demo.seed()). Creates what is missing and changes nothing "
        "that exists, so running it twice is safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (the demo accounts have a published password).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be created; save nothing."
        )

    def handle(self, *args, force=False, dry_run=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: the demo accounts have a published password and do not belong in "
                "production. Use --force if this really is a demonstration machine."
            )
        tally = Tally()
        with transaction.atomic(), translation.override("en"):
            sync_roles()
            for app in DEMO_APPS:
                if apps.is_installed(app) and find_spec(f"{app}.demo"):
                    import_module(f"{app}.demo").seed(tally)
            # The demo writes its records directly: compute the stored figures from them.
            call_command("refresh_figures", stdout=self.stdout)
            self._report(tally)
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        if not dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"Demo accounts use the password {DEMO_PASSWORD!r}.")
            )

    def _report(self, tally):
        for label, counts in (("created", tally.created), ("already there", tally.existing)):
            if counts:
                listed = ", ".join(f"{count} {name}" for name, count in counts.items())
                self.stdout.write(f"{label}: {listed}")
        if not tally.created:
            self.stdout.write("Nothing to create: the demo data is complete.")
        for plan in RenovationPlan.objects.filter(street__name="文化路街道"):
            total = plan_summary(plan=plan, user=None)["total"]
            self.stdout.write(
                f"{plan.name}: {total['started']} / {total['compounds']} started, "
                f"start rate {total['start_rate']}%, {total['buildings']} buildings, "
                f"{total['households']} households, {total['floor_area']} m²"
            )
