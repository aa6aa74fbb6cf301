"""The register import's Celery tasks: the preview and the import of a file, by the import's id
(running.py; services.py queues them, the page follows their progress)."""

from celery import shared_task

from . import running
from .models import ImportStatus, RegisterImport


def _run(import_id: int, status: str, step) -> str:
    """Run ``step`` (a pass of running.py) on the import if it still waits for it; an import
    whose pass fails says so on its page rather than waiting for ever."""
    register_import = RegisterImport.objects.filter(pk=import_id, status=status).first()
    if register_import is None:
        return "gone"
    try:
        return step(register_import).status
    except Exception:
        running.import_failed(register_import)
        raise


@shared_task
def preview_import(import_id: int) -> str:
    return _run(import_id, ImportStatus.PREVIEWING, running.import_preview)


@shared_task
def commit_import(import_id: int) -> str:
    return _run(import_id, ImportStatus.IMPORTING, running.import_commit)
