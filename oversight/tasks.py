"""The oversight app's Celery tasks, for Celery's autodiscovery (it imports each installed app's
tasks.py): each area keeps its own in <area>/tasks.py, imported here."""

from .imports import tasks as imports_tasks  # noqa: F401
from .opinions import tasks as opinions_tasks  # noqa: F401
from .privacy import tasks as privacy_tasks  # noqa: F401
