from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Construction progress")

    def ready(self):
        from compounds.panels import Panel, register
        from compounds.roles import Role, grant

        from . import permissions  # noqa: F401  (registers the object permissions)
        from .panels import compound_panel

        register(Panel("progress/compound_panel.html", compound_panel, order=10))

        from common import effects

        from . import tasks

        # A deadline, a compound's dates or the holiday table moved: the schedules follow.
        effects.on_dates_changed(tasks.follow_dates)

        from compounds import acceptance

        from .selectors import acceptance_unresolved_problems

        acceptance.register(acceptance_unresolved_problems)

        edit = {
            f"progress.{action}_{model}"
            for model in ("workitem", "milestone", "dailylog")
            for action in ("view", "add", "change")
        }
        problems = {f"progress.{a}_rectification" for a in ("view", "add", "change", "verify")}
        meetings = {f"progress.{a}_weeklymeeting" for a in ("view", "add", "change")}
        reports = {"progress.view_report", "progress.add_report", "progress.change_report"}
        grant(
            Role.STREET_STAFF,
            edit | problems | meetings | reports | {"progress.view_calendarday"},
        )
        grant(
            Role.COMMUNITY_STAFF,
            edit
            | problems
            | {"progress.view_weeklymeeting", "progress.view_calendarday", "progress.view_report"},
        )
        grant(
            Role.RESIDENT_SUPERVISOR,
            {
                "progress.view_workitem",
                "progress.view_milestone",
                "progress.view_dailylog",
                "progress.view_calendarday",
                "progress.view_rectification",
                "progress.verify_rectification",  # what the residents' group raised
                "progress.view_weeklymeeting",
            },
        )
        # The district verifies what its inspections required, and changes nothing else.
        grant(Role.DISTRICT_INSPECTOR, {"progress.verify_rectification"})
