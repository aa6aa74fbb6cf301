"""Tests: DATABASE_URL and REDIS_URL when set (CI), SQLite and memory otherwise."""

import tempfile

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-not-a-secret")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the source folders, as in development: no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Uploaded photos go to a throwaway folder, never into the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="renovation-test-media-")

# Run in parallel (pytest-xdist), each worker has its own test database (pytest-django adds
# the worker's name) and its own Redis database, the next ones after REDIS_URL's: a worker's
# cache.clear() must not empty another's.
_worker = env("PYTEST_XDIST_WORKER", default="")
if REDIS_URL and _worker.startswith("gw"):
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + int(_worker[2:])
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    CACHES = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
