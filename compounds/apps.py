from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CompoundsConfig(AppConfig):
    name = "compounds"
    verbose_name = _("Compound register")

    def ready(self):
        from common import scoping

        # The object permissions; how long the compounds' contacts' phones are kept.
        from . import permissions, retention  # noqa: F401
        from .roles import sync_roles_after_migrate
        from .selectors import choices_in_scope

        # The API's and the FilterSets' choices: the records of the user's scope.
        scoping.register(choices_in_scope)

        # Like Django's own permissions, the role groups follow every migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="compounds.sync_roles")
