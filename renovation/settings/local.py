"""Local development: SQLite, Celery eager, demo-friendly defaults. Never for production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-a-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Tasks run in the web process, so the local portal needs no Redis and no worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True

# The demo's records stop on 17 July 2020 (progress.demo.AS_OF): the local portal lives on that
# day, so its first screens read as one day and nothing counts from the years after.
# PORTAL_TODAY= (empty) follows the machine's clock.
PORTAL_TODAY = env("PORTAL_TODAY", default="2020-07-17") or None

STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
