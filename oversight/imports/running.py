"""The two passes over a register file, run by the Celery tasks (tasks.py) with the import's
id: the preview, which writes nothing but the import's record (and keeps the rows it read,
spool.py), and the import itself, all or nothing in one transaction. Below services.py, which
queues them; the page follows their progress (``progress``)."""

import contextlib
import logging
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext_noop

from common import clock, effects
from common.reasons import reason_with_values

from . import matching, spool
from .models import ImportStatus, RegisterImport
from .reading import FileRefused

logger = logging.getLogger(__name__)

REASON = reason_with_values(gettext_noop("register import #%(number)s"))
PROGRESS_SECONDS = 24 * 3600


def reason_for(register_import: RegisterImport) -> str:
    """What the records an import writes say in their history."""
    return REASON % {"number": register_import.pk}


def progress_key(pk: int) -> str:
    return f"register-import:{pk}:rows"


def refuse(register_import, messages):
    register_import.status = ImportStatus.REFUSED
    register_import.preview = {
        "errors": [{"sheet": "", "row": "", "column": "", "message": str(m)} for m in messages],
        "error_count": len(messages),
    }
    register_import.save(update_fields=["status", "preview"])
    return register_import


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
            return refuse(register_import, refused.messages)
        finally:
            writer.close()
        if not outcome.error_count:
            with path.open("rb") as copy:
                register_import.spool.save(path.name, File(copy), save=False)
    register_import.preview = outcome.as_preview()
    register_import.status = ImportStatus.REFUSED if outcome.error_count else ImportStatus.PREVIEWED
    register_import.save(update_fields=["preview", "status", "spool"])
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
        return refuse(register_import, refused.messages)
    finally:
        _drop_spool(register_import)
        RegisterImport.objects.filter(pk=register_import.pk).update(spool="")
    return register_import


def import_failed(register_import: RegisterImport) -> None:
    """A task died: say so on the page rather than leave it waiting."""
    logger.exception("register import %s failed", register_import.pk)
    RegisterImport.objects.filter(pk=register_import.pk).update(status=ImportStatus.FAILED)
