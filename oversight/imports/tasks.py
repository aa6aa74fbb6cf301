"""The register import's Celery tasks: the preview and the import of a file, by the import's id
(running.py; services.py queues them, the page follows their progress)."""

from celery import shared_task

from . import running
from .models import ImportStatus, RegisterImport


@shared_task
def preview_import(import_id: int) -> str:
    register_import = RegisterImport.objects.filter(
        pk=import_id, status=ImportStatus.PREVIEWING
    ).first()
    if register_import is None:
        return "gone"
    try:
        return running.import_preview(register_import).status
    except Exception:
        running.import_failed(register_import)
        raise


@shared_task
def commit_import(import_id: int) -> str:
    register_import = RegisterImport.objects.filter(
        pk=import_id, status=ImportStatus.IMPORTING
    ).first()
    if register_import is None:
        return "gone"
    try:
        return running.import_commit(register_import).status
    except Exception:
        running.import_failed(register_import)
        raise
