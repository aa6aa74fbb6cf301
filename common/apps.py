from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The shared base: no models of its own; template tags, base classes and the registries
    the apps fill in."""

    name = "common"

    def ready(self):
        from . import checks, permission_cache

        checks.register()

        permission_cache.connect()
