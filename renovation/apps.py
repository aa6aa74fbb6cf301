from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationConfig(AppConfig):
    """The portal as a whole: the dashboard, its summary rows and the benchmark command."""

    name = "renovation"
    verbose_name = _("Dashboard")

    def ready(self):
        from common import effects

        from . import cells, dashboard_cache

        # What the apps' writes change, as they say it through common.effects.
        effects.on_compounds_changed(cells.touch)
        effects.on_pages_changed(dashboard_cache.changed)
        effects.on_rebuild(cells.rebuild)
