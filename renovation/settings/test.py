"""Tests: DATABASE_URL and REDIS_URL when set (CI), SQLite and memory otherwise."""

import tempfile

from .base import *  # noqa: F403
from .base import env

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
