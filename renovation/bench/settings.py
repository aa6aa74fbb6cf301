"""Settings of the gunicorn that `manage.py bench` starts: production's, unchanged but for the
folder the static files are collected into (BENCH_STATIC_ROOT, a throwaway folder), so that a
benchmark run leaves nothing in the working tree. Production's manifest storage needs the
collected files to render any page."""

from renovation.settings.production import *  # noqa: F403
from renovation.settings.production import env

STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
