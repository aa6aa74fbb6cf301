"""Writes of the register import: the upload (its sheets described, the file kept), the user's
choice of what unknown columns are (remembered for the street's next file of that kind), the
preview, the confirmation and the import itself, all or nothing.

The preview and the import are Celery tasks (tasks.py) that call ``import_preview`` and
``import_commit`` with the import's id; the page shows their progress (``progress``)."""

import contextlib
import logging
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock, effects
from common.reasons import reason_with_values
from compounds.models import Street
from compounds.selectors import scope_for

from . import matching, rules, selectors, spool
from .models import ColumnMapping, ImportStatus, RegisterImport
from .reading import MAX_FILE_BYTES, FileRefused

logger = logging.getLogger(__name__)

REASON = reason_with_values(gettext_noop("register import #%(number)s"))
PROGRESS_SECONDS = 24 * 3600


def reason_for(register_import: RegisterImport) -> str:
    """What the records an import writes say in their history."""
    return REASON % {"number": register_import.pk}


def progress_key(pk: int) -> str:
    return f"register-import:{pk}:rows"


def progress(pk: int) -> int:
    """Rows the running preview or import has read so far."""
    return cache.get(progress_key(pk), 0)


def _refuse(register_import, messages):
    register_import.status = ImportStatus.REFUSED
    register_import.preview = {
        "errors": [{"sheet": "", "row": "", "column": "", "message": str(m)} for m in messages],
        "error_count": len(messages),
    }
    register_import.save(update_fields=["status", "preview"])
    return register_import


def import_upload(*, user, upload, street=None, kind: str = "") -> RegisterImport:
    """Keep an uploaded file as an import and describe its sheets; when every column is known
    (or remembered), the import goes on to its preview, else it waits for the user's mapping.
    A file that cannot be read is kept as a refused import, with the reason."""
    if user is not None and not user.has_perm("oversight.add_registerimport"):
        raise PermissionDenied
    if kind and kind not in rules.KIND_ORDER:
        raise ValidationError({"kind": _("Choose a kind of register from the list.")})
    scope = scope_for(user)
    if street is None and scope.street_id:
        street = Street.objects.get(pk=scope.street_id)  # the user's own street
    if street is not None and not scope.covers(street_id=street.pk):
        raise ValidationError({"street": _("You may only import into your own street.")})
    size = getattr(upload, "size", None) or 0
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": _("This file is larger than %(mb)s MB; split it by sheet or by community.")
             % {"mb": MAX_FILE_BYTES // (1024 * 1024)}}
        )  # fmt: skip
    name = (getattr(upload, "name", "") or "register").rsplit("/", 1)[-1][:200]
    register_import = RegisterImport(
        created_by=user, street=street, file_name=name, file_size=size, kind=kind or ""
    )
    register_import.created = clock.now()
    content = upload if isinstance(upload, File) else ContentFile(upload.read())
    register_import.file.save(name, content, save=False)
    register_import.save()
    try:
        with register_import.file.open("rb") as source:
            sheets = matching.describe_sheets(
                source, name=name, kind=kind,
                remembered=selectors.remembered_mappings(street=street),
            )  # fmt: skip
    except FileRefused as refused:
        return _refuse(register_import, refused.messages)
    if not sheets:
        return _refuse(
            register_import,
            [_("No sheet of this file has a heading row the portal recognises (such as 小区名称, "
               "楼号, 户数): download a template to see the headings.")],
        )  # fmt: skip
    register_import.sheets = sheets
    register_import.status = (
        ImportStatus.MAPPING if matching.needs_mapping(sheets) else ImportStatus.PREVIEWING
    )
    register_import.save(update_fields=["sheets", "status"])
    return register_import


@transaction.atomic
def import_map(*, register_import: RegisterImport, user, choices: list[dict]) -> RegisterImport:
    """Take the user's choice of each sheet's kind and columns (``choices``: one dict per sheet,
    {"kind": ..., "fields": [...]}), remember the choices for unknown headings, and go on to
    the preview."""
    _require_owner(register_import, user)
    if register_import.status not in (ImportStatus.MAPPING, ImportStatus.PREVIEWED,
                                      ImportStatus.REFUSED):  # fmt: skip
        raise ValidationError(_("This import is past choosing its columns."))
    sheets = register_import.sheets
    errors, again = [], False
    for sheet, choice in zip(sheets, choices, strict=True):
        kind = choice["kind"]
        if kind and kind not in rules.KIND_ORDER:
            raise ValidationError(_("Choose a kind of register from the list."))
        if choice.get("changed"):
            # another kind for the sheet: its columns are offered again by that kind's names
            sheet["kind"], sheet["fields"], again = kind, choice["fields"], True
            continue
        if not kind:
            sheet["kind"] = ""
            continue
        fields = [f or "" for f in choice["fields"]]
        known = {c.field for c in rules.KINDS[kind]}
        if any(f and f not in known for f in fields):
            raise ValidationError(_("Choose each column's meaning from the list."))
        for problem in rules.mapping_errors(kind, dict(enumerate(fields))):
            errors.append(_("Sheet “%(sheet)s”: %(problem)s")
                          % {"sheet": sheet["name"], "problem": problem})  # fmt: skip
        remembered = ColumnMapping.objects.filter(street=register_import.street, kind=kind)
        remembered = {m.heading: m for m in remembered}
        for heading, field in zip(sheet["headings"], fields, strict=True):
            name = rules.normalise_heading(heading)
            if not name or rules.LOOKUP.by_kind[kind].get(name) == field:
                continue  # our own name for it: nothing to remember
            mapping = remembered.get(name) or ColumnMapping(
                street=register_import.street, kind=kind, heading=name
            )
            if mapping.pk and mapping.field == field:
                continue
            mapping.field, mapping.chosen_by = field, user
            mapping._history_user = user
            mapping.save()
        sheet["kind"], sheet["fields"] = kind, fields
    if again:
        register_import.sheets = sheets
        register_import.status = ImportStatus.MAPPING
        register_import.save(update_fields=["sheets", "status"])
        return register_import
    if errors:
        raise ValidationError(errors)
    if not any(sheet["kind"] for sheet in sheets):
        raise ValidationError(_("Choose the kind of at least one sheet."))
    register_import.sheets = sheets
    register_import.status = ImportStatus.PREVIEWING
    register_import._history_user = user
    register_import.save(update_fields=["sheets", "status"])
    return register_import


def _require_owner(register_import, user):
    if user is not None and register_import.created_by_id != user.pk:
        raise PermissionDenied


def _run(register_import, *, write: bool, spool_out=None, spool_in=None) -> matching.Outcome:
    user = register_import.created_by
    run = matching.Run(
        user=user, street=register_import.street,
        sheets=[s for s in register_import.sheets if s["kind"]], write=write,
        reason=reason_for(register_import),
        on_progress=lambda rows: cache.set(progress_key(register_import.pk), rows,
                                           PROGRESS_SECONDS),
        spool_out=spool_out, spool_in=spool_in,
    )  # fmt: skip
    with register_import.file.open("rb") as source:
        return run.go(source, name=register_import.file_name)


def _drop_spool(register_import):
    if register_import.spool:
        register_import.spool.delete(save=False)


def import_preview(register_import: RegisterImport) -> RegisterImport:
    """Read the whole file and match it with the records, writing nothing: the preview. The
    rows read are kept (spool.py) for the import that follows."""
    cache.set(progress_key(register_import.pk), 0, PROGRESS_SECONDS)
    _drop_spool(register_import)
    with tempfile.TemporaryDirectory(prefix="register-import-") as folder:
        path = Path(folder) / f"{register_import.pk}.jsonl.gz"
        writer = spool.Writer(path)
        try:
            outcome = _run(register_import, write=False, spool_out=writer)
        except FileRefused as refused:
            return _refuse(register_import, refused.messages)
        finally:
            writer.close()
        if not outcome.error_count:
            with path.open("rb") as copy:
                register_import.spool.save(path.name, File(copy), save=False)
    register_import.preview = outcome.as_preview()
    register_import.status = ImportStatus.REFUSED if outcome.error_count else ImportStatus.PREVIEWED
    register_import.save(update_fields=["preview", "status", "spool"])
    return register_import


def import_confirm(*, register_import: RegisterImport, user) -> RegisterImport:
    """The user confirms a preview without errors: the import is queued."""
    _require_owner(register_import, user)
    if register_import.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("Only a checked file without errors can be imported."))
    register_import.status = ImportStatus.IMPORTING
    register_import._history_user = user
    register_import.save(update_fields=["status"])
    return register_import


class _Refused(Exception):
    def __init__(self, outcome):
        self.outcome = outcome


def import_commit(register_import: RegisterImport) -> RegisterImport:
    """Write the file, all or nothing, in one transaction: matched again with the records as
    they are now, it is rolled back if anything is wrong (the preview's errors come back)."""
    if register_import.status != ImportStatus.IMPORTING:
        return register_import
    cache.set(progress_key(register_import.pk), 0, PROGRESS_SECONDS)
    try:
        with transaction.atomic(), contextlib.ExitStack() as stack:
            copy = stack.enter_context(register_import.spool.open("rb")) if (
                register_import.spool
            ) else None  # fmt: skip
            outcome = _run(register_import, write=True, spool_in=copy)
            if outcome.error_count:
                raise _Refused(outcome)
            ids = outcome.compound_ids
            if ids:
                effects.compounds_changed(ids, parts=effects.ALL)
                effects.dates_changed(ids)
            effects.pages_changed()
            register_import.counts = outcome.counts
            register_import.preview = outcome.as_preview()
            register_import.status = ImportStatus.IMPORTED
            register_import.imported_at = clock.now()
            register_import.save(update_fields=["counts", "preview", "status", "imported_at"])
    except _Refused as refused:
        register_import.preview = refused.outcome.as_preview()
        register_import.status = ImportStatus.REFUSED
        register_import.save(update_fields=["preview", "status"])
    except FileRefused as refused:
        return _refuse(register_import, refused.messages)
    finally:
        _drop_spool(register_import)
        RegisterImport.objects.filter(pk=register_import.pk).update(spool="")
    return register_import


def import_failed(register_import: RegisterImport) -> None:
    """A task died: say so on the page rather than leave it waiting."""
    logger.exception("register import %s failed", register_import.pk)
    RegisterImport.objects.filter(pk=register_import.pk).update(status=ImportStatus.FAILED)
