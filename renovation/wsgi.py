"""WSGI entry point, for gunicorn: ``gunicorn renovation.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renovation.settings.production")

application = get_wsgi_application()
