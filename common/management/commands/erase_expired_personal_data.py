"""Erase the personal data whose retention period has run out, as the nightly task does."""

from django.core.management.base import BaseCommand

from common import retention


class Command(BaseCommand):
    help = (
        "Erase the personal data whose retention period has run out (every kind, as the "
        "nightly task does) and print how many records of each kind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due, and erase nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = retention.erase_expired_personal_data(dry_run=dry_run)
        verb = "due" if dry_run else "erased"
        for kind in retention.kinds():
            self.stdout.write(
                f"{kind.name}: {counts.get(kind.name, 0)} {verb} "
                f"(after {kind.days} days, {kind.setting})"
            )
        total = sum(counts.values())
        self.stdout.write(
            f"{total} {verb} in all" + (" (dry run: nothing written)" if dry_run else "")
        )
