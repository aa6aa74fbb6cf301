"""How long the register files a street uploads are kept (PIPL): their spreadsheets hold
owners' names and phones, so the file (and the rows its preview read) is deleted
REGISTER_IMPORT_RETENTION_DAYS after the upload, with the values its preview listed; the
import's record (who, when, the file's name, its counts and errors) stays."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff

from .models import RegisterImport

FILES = "register_files"
HAS_FILE = ~Q(file="") | ~Q(spool="")


def due_files(now):
    """Imports uploaded before the period that still hold their file or its rows."""
    cutoff = retention_cutoff(now, settings.REGISTER_IMPORT_RETENTION_DAYS)
    return (
        RegisterImport.objects.filter(HAS_FILE, created__lt=cutoff)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def _without_values(rows, key) -> None:
    """Empty the list of changes (old and new values) of each row's preview."""
    for pk, preview in rows.values_list(key, "preview"):
        if isinstance(preview, dict) and preview.get("changes"):
            rows.filter(**{key: pk}).update(preview={**preview, "changes": []})


def erase_files(ids, *, now, reason, user=None) -> int:
    """Delete the files (those of every history row too), then blank their names and the
    preview's listed values in the imports and their history."""
    ids = list(RegisterImport.objects.filter(HAS_FILE, pk__in=ids).values_list("pk", flat=True))
    if not ids:
        return 0
    imports = RegisterImport.objects.filter(pk__in=ids)
    history = RegisterImport.history.filter(id__in=ids)
    retention.delete_files(
        {*imports.values_list("file", flat=True), *imports.values_list("spool", flat=True),
         *history.values_list("file", flat=True), *history.values_list("spool", flat=True)}
    )  # fmt: skip
    _without_values(imports, "pk")
    _without_values(history, "history_id")
    return retention.blank_with_history(
        RegisterImport, ids, {"file": "", "spool": ""}, reason=reason, user=user
    )


retention.register(
    retention.Kind(
        name=FILES,
        label=_("imported register files"),
        setting="REGISTER_IMPORT_RETENTION_DAYS",
        due=due_files,
        erase=erase_files,
        notice=ngettext_lazy(
            "Register spreadsheets uploaded by staff (with owners' names and phones): deleted "
            "%(days)s day after the upload.",
            "Register spreadsheets uploaded by staff (with owners' names and phones): deleted "
            "%(days)s days after the upload.",
            "days",
        ),
        order=60,
    )
)
