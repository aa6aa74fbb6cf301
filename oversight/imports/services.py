"""Writes of the register import: the upload (its sheets described, the file kept), the user's
choice of what unknown columns are (remembered for the street's next file of that kind), the
preview, the confirmation and the import itself, all or nothing.

The preview and the import are Celery tasks (tasks.py), queued here once the request's
transaction commits, that run the passes of running.py with the import's id; ``queue=False``
runs them at once instead (the command)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from common import clock
from compounds.models import Street
from compounds.selectors import scope_for

from . import matching, rules, running, selectors, tasks
from .models import ColumnMapping, ImportStatus, RegisterImport
from .reading import FileRefused, check_size


def _queue(register_import, queue: bool):
    """Run the pass the import waits for: in a worker once the transaction commits (``queue``),
    or here and now (the command)."""
    pk = register_import.pk
    if register_import.status == ImportStatus.PREVIEWING:
        if not queue:
            return running.import_preview(register_import)
        transaction.on_commit(lambda: tasks.preview_import.delay(pk))
    elif register_import.status == ImportStatus.IMPORTING:
        if not queue:
            return running.import_commit(register_import)
        transaction.on_commit(lambda: tasks.commit_import.delay(pk))
    return register_import


def import_upload(
    *, user, upload, street=None, kind: str = "", queue: bool = True
) -> RegisterImport:
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
    try:
        check_size(size)  # before the file is kept
    except FileRefused as refused:
        raise ValidationError({"file": refused.messages}) from refused
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
        return running.refuse(register_import, refused.messages)
    if not sheets:
        return running.refuse(
            register_import,
            [_("No sheet of this file has a heading row the portal recognises (such as 小区名称, "
               "楼号, 户数): download a template to see the headings.")],
        )  # fmt: skip
    register_import.sheets = sheets
    register_import.status = (
        ImportStatus.MAPPING if matching.needs_mapping(sheets) else ImportStatus.PREVIEWING
    )
    register_import.save(update_fields=["sheets", "status"])
    return _queue(register_import, queue)


@transaction.atomic
def import_map(
    *, register_import: RegisterImport, user, choices: list[dict], queue: bool = True
) -> RegisterImport:
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
    return _queue(register_import, queue)


def _require_owner(register_import, user):
    if user is not None and register_import.created_by_id != user.pk:
        raise PermissionDenied


def import_confirm(*, register_import: RegisterImport, user, queue: bool = True) -> RegisterImport:
    """The user confirms a preview without errors: the import is queued."""
    _require_owner(register_import, user)
    if register_import.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("Only a checked file without errors can be imported."))
    register_import.status = ImportStatus.IMPORTING
    register_import._history_user = user
    register_import.save(update_fields=["status"])
    return _queue(register_import, queue)
