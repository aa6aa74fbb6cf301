from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationConfig(AppConfig):
    """The portal as a whole: the dashboard's summary rows and the benchmark command."""

    name = "renovation"
    verbose_name = _("Dashboard")

    def ready(self):
        from . import cells, permission_cache

        cells.connect()
        permission_cache.connect()
