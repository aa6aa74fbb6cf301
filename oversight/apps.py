from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Residents and supervision")

    def ready(self):
        import importlib

        from compounds.panels import Panel, register
        from compounds.roles import Role, grant, restrict

        # The object permissions, and what the areas register (panels, public sections,
        # acceptance checks, kinds of personal data and how long they are kept).
        for module in (
            "permissions",
            "funds.selectors",
            "inspections.services",
            "organisation.selectors",
            "supervision.services",
            "opinions.retention",
            "consultations.retention",
            "supervision.retention",
            "imports.retention",
            "privacy.retention",
        ):
            importlib.import_module(f"{self.name}.{module}")
        from .opinions.panels import compound_panel

        register(Panel("oversight/opinions/compound_panel.html", compound_panel, order=20))

        from compounds import acceptance

        from .supervision.selectors import acceptance_record_missing

        acceptance.register(acceptance_record_missing)

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
        # Those who handle opinions handle the residents' requests about their data (PIPL):
        # they read them and carry them out or refuse them, in their scope.
        privacy = {"oversight.view_privacyrequest", "oversight.handle_privacyrequest"}
        grant(Role.STREET_STAFF, privacy)
        grant(Role.COMMUNITY_STAFF, privacy)
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

        # Supervision and accountability. Filing a record at a level is further limited by
        # supervision.rules.FILING_LEVELS; verifying fixes by progress.rules.VERIFIED_AT.
        supervision = crud("supervisionrecord") | crud("supervisiongroupmember")
        organisation = crud("taskforce") | crud("partygroup") | crud("participant")
        organisation |= crud("campaignactivity")
        funds = crud("fundallocation") | crud("fundpayment")
        street_reads = {
            "oversight.view_inspection",
            "oversight.view_taskforce",
            "oversight.view_partygroup",
            "oversight.view_participant",
            "oversight.view_campaignactivity",
            "oversight.view_fundallocation",
            "oversight.view_fundpayment",
        }
        # The street runs it all, and answers the district's inspections.
        grant(
            Role.STREET_STAFF,
            supervision | organisation | funds | {"oversight.view_inspection",
                                                  "oversight.change_inspection"},
        )  # fmt: skip
        # A community checks its compounds and keeps their residents' groups; it reads the rest.
        grant(Role.COMMUNITY_STAFF, supervision | street_reads)
        # The residents' supervision group files its own checks of its compound.
        grant(
            Role.RESIDENT_SUPERVISOR,
            {
                "oversight.view_supervisionrecord",
                "oversight.add_supervisionrecord",
                "oversight.view_supervisiongroupmember",
            },
        )
        # The district records its visits and requirements; it changes nothing else.
        grant(Role.DISTRICT_INSPECTOR, {"oversight.add_inspection", "oversight.change_inspection"})
        # The district sums its streets' returns (逐级汇总): it imports the return files of the
        # streets that run their own portal.
        grant(Role.DISTRICT_INSPECTOR, {"oversight.add_importedreturn"})
        # A street moves its registers in from its own spreadsheets (oversight/imports): its
        # staff import everything, staff accounts included; a community imports its own
        # compounds, buildings, homes and work items. Each kind also needs the permission to add
        # its records, and each row must lie in the importer's scope.
        imports = {"oversight.view_registerimport", "oversight.add_registerimport"}
        grant(Role.STREET_STAFF, imports | {"oversight.import_staff"})
        grant(Role.COMMUNITY_STAFF, imports)
