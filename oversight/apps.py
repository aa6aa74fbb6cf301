from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Residents and supervision")

    def ready(self):
        from compounds.panels import Panel, register
        from compounds.roles import Role, grant, restrict

        from . import permissions  # noqa: F401  (registers the object permissions)
        from .panels import compound_panel

        register(Panel("oversight/staff/compound_panel.html", compound_panel, order=20))

        def crud(model, actions=("view", "add", "change")):
            return {f"oversight.{action}_{model}" for action in actions}

        residents = (
            crud("opinion")
            | crud("household")
            | crud("elevatorproject")
            | crud("elevatorconsent")
            | crud("survey")
            | crud("surveyanswer")
        )
        # Street and community staff take opinions down, triage them, call residents back and
        # run consultations: they see names and phones.
        grant(Role.STREET_STAFF, residents | {"oversight.view_personal_data"})
        grant(Role.COMMUNITY_STAFF, residents | {"oversight.view_personal_data"})
        # District inspectors read every record, but residents' names and phones only masked.
        restrict({"oversight.view_personal_data"})
        # The residents' supervision group follows its compound's opinions and consultations,
        # with names and phones masked.
        grant(
            Role.RESIDENT_SUPERVISOR,
            {
                "oversight.view_opinion",
                "oversight.view_elevatorproject",
                "oversight.view_survey",
            },
        )
