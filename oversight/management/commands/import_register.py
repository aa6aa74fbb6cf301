"""``python manage.py import_register FILE [--kind KIND] [--dry-run] [--street NAME]``: import a
register file as the page does (the same reading, matching, preview and all-or-nothing write),
say what it did or would do, and exit non-zero on errors."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from compounds.models import Street
from oversight.imports import rules, services
from oversight.imports.models import ImportStatus


class Command(BaseCommand):
    help = (
        "Import communities, compounds, buildings, households, work items or staff accounts "
        "from an XLSX or CSV file: preview, then write all or nothing (--dry-run: preview only). "
        "Exits with status 1 when the file has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument(
            "--kind", choices=rules.KIND_ORDER, default="",
            help="What every sheet holds (default: guessed from each sheet's headings).",
        )  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="Preview; write nothing.")
        parser.add_argument("--street", help="The street rows belong to unless they name one.")
        parser.add_argument(
            "--user", help="The username the import is recorded under (default: the system)."
        )

    def handle(self, *args, file, kind="", dry_run=False, street=None, user=None, **options):
        translation.activate("zh-hans")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        street_obj = None
        if street:
            street_obj = Street.objects.filter(name=street).first()
            if street_obj is None:
                raise CommandError(f"No street named {street!r} in the portal.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user named {user!r}.")
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            upload.size = path.stat().st_size
            try:
                register_import = services.import_upload(
                    user=account, upload=upload, street=street_obj, kind=kind, queue=False
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"import #{register_import.pk}: {path.name}")
        if register_import.status == ImportStatus.MAPPING:
            for sheet in register_import.sheets:
                unknown = [h for h, f in zip(sheet["headings"], sheet["fields"], strict=True)
                           if f is None]  # fmt: skip
                self.stderr.write(
                    f"sheet {sheet['name']}: kind {sheet['kind'] or '?'}; "
                    f"unknown columns: {', '.join(unknown) or '-'}"
                )
            raise CommandError(
                "Some sheets or columns are not recognised: choose them on the import page "
                f"(/import/{register_import.pk}/), or give --kind, or rename the headings."
            )
        self._report(register_import, written=False)
        if register_import.status != ImportStatus.PREVIEWED:
            raise CommandError(self._refusal(register_import))
        if dry_run:
            self.stdout.write("dry run: nothing written.")
            return
        register_import = services.import_confirm(
            register_import=register_import, user=account, queue=False
        )
        if register_import.status != ImportStatus.IMPORTED:
            self._report(register_import, written=False)
            raise CommandError(self._refusal(register_import))
        self._report(register_import, written=True)

    @staticmethod
    def _refusal(register_import) -> str:
        found = (register_import.preview or {}).get("error_count", 0)
        return f"{found} errors; nothing written."

    def _report(self, register_import, *, written):
        preview = register_import.preview or {}
        verb = "written" if written else "would write"
        for kind in rules.KIND_ORDER:
            counts = preview.get("counts", {}).get(kind)
            if counts and any(counts.values()):
                self.stdout.write(
                    f"{kind}: {counts['created']} new, {counts['changed']} changed, "
                    f"{counts['unchanged']} unchanged ({verb})"
                )
        for note in preview.get("notes", []):
            self.stdout.write(f"note: {note}")
        for error in preview.get("errors", []):
            self.stderr.write(
                f"error: {error['sheet']} row {error['row']} {error['column']}: {error['message']}"
            )
        more = preview.get("error_count", 0) - len(preview.get("errors", []))
        if more > 0:
            self.stderr.write(f"... and {more} more errors")
