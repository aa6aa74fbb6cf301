"""The oversight app's Celery tasks, for Celery's autodiscovery (it imports each installed app's
tasks.py): each area keeps its own in <area>/tasks.py, imported here."""

from .opinions import tasks as opinions_tasks  # noqa: F401
