"""The dashboard's summary rows: the figures of one plan's compounds in one community, kept up
to date on the writes that change them (renovation.cells), so that the dashboard adds up a
few thousand rows at city scale instead of scanning a million."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from compounds.models import Community, RenovationPlan, Street

MONEY = {"max_digits": 16, "decimal_places": 2, "default": 0}


def band_field(key: str) -> str:
    """The column of a progress band ("1-25" -> "band_1_25")."""
    return f"band_{key.replace('-', '_')}"


def topic_field(topic: str) -> str:
    return f"topic_{topic}"


def problem_fields(kind: str, value: str) -> tuple[str, str]:
    """The columns of the unresolved problems of a source or a level, and of those overdue."""
    if kind == "source":
        return f"problems_{value}", f"overdue_{value}"
    return f"problems_by_{value}", f"overdue_by_{value}"


class DashboardCell(models.Model):
    """Derived, never edited: rebuilt from the records by renovation.cells.refresh_cells."""

    plan = models.ForeignKey(RenovationPlan, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="+")
    compounds = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    buildings = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    floor_area = models.DecimalField(**MONEY)
    # Compounds per band of compounds.rules.PROGRESS_BANDS, and opinions per topic of
    # oversight.opinions.choices.TOPIC_CHOICES: columns, so the database adds them up (tests check
    # that the columns follow those lists).
    band_none = models.PositiveIntegerField(default=0)
    band_0 = models.PositiveIntegerField(default=0)
    band_1_25 = models.PositiveIntegerField(default=0)
    band_26_50 = models.PositiveIntegerField(default=0)
    band_51_75 = models.PositiveIntegerField(default=0)
    band_76_99 = models.PositiveIntegerField(default=0)
    band_100 = models.PositiveIntegerField(default=0)
    demolition_items = models.PositiveIntegerField(default=0)
    demolition_planned = models.DecimalField(**MONEY)
    demolition_done = models.DecimalField(**MONEY)
    demolition_area = models.DecimalField(**MONEY)
    fund_planned = models.DecimalField(**MONEY)
    fund_paid = models.DecimalField(**MONEY)
    fund_compounds = models.PositiveIntegerField(default=0)
    fund_payments = models.PositiveIntegerField(default=0)
    opinions_received = models.PositiveIntegerField(default=0)
    opinions_answered = models.PositiveIntegerField(default=0)
    topic_demolition = models.PositiveIntegerField(default=0)
    topic_pipelines = models.PositiveIntegerField(default=0)
    topic_stairwell_painting = models.PositiveIntegerField(default=0)
    topic_heating = models.PositiveIntegerField(default=0)
    topic_elevator = models.PositiveIntegerField(default=0)
    topic_road_drainage = models.PositiveIntegerField(default=0)
    topic_access_cctv = models.PositiveIntegerField(default=0)
    topic_guard_room = models.PositiveIntegerField(default=0)
    topic_greening = models.PositiveIntegerField(default=0)
    topic_activity_room = models.PositiveIntegerField(default=0)
    topic_fire_lane = models.PositiveIntegerField(default=0)
    topic_parking = models.PositiveIntegerField(default=0)
    topic_facade = models.PositiveIntegerField(default=0)
    topic_roof_waterproofing = models.PositiveIntegerField(default=0)
    topic_ev_charging = models.PositiveIntegerField(default=0)
    topic_elderly_care = models.PositiveIntegerField(default=0)
    topic_childcare = models.PositiveIntegerField(default=0)
    topic_community_service = models.PositiveIntegerField(default=0)
    topic_property_management = models.PositiveIntegerField(default=0)
    topic_other = models.PositiveIntegerField(default=0)
    # What changes with the day as well as with the records, as of ``as_of``: the writes
    # recompute it, and so does a task each night (renovation.tasks); a dashboard that finds a
    # row of another day reads these figures from the records instead.
    as_of = models.DateField(null=True)
    late = models.PositiveIntegerField(default=0)  # compounds that should have started
    milestones_overdue = models.PositiveIntegerField(default=0)
    milestone_compounds = models.PositiveIntegerField(default=0)  # compounds with one
    opinions_overdue = models.PositiveIntegerField(default=0)
    # Unresolved problems (and those of them overdue) per source and per level, and by age.
    problems_weekly_meeting = models.PositiveIntegerField(default=0)
    overdue_weekly_meeting = models.PositiveIntegerField(default=0)
    problems_daily_log = models.PositiveIntegerField(default=0)
    overdue_daily_log = models.PositiveIntegerField(default=0)
    problems_supervision = models.PositiveIntegerField(default=0)
    overdue_supervision = models.PositiveIntegerField(default=0)
    problems_inspection = models.PositiveIntegerField(default=0)
    overdue_inspection = models.PositiveIntegerField(default=0)
    problems_opinion = models.PositiveIntegerField(default=0)
    overdue_opinion = models.PositiveIntegerField(default=0)
    problems_by_street = models.PositiveIntegerField(default=0)
    overdue_by_street = models.PositiveIntegerField(default=0)
    problems_by_community = models.PositiveIntegerField(default=0)
    overdue_by_community = models.PositiveIntegerField(default=0)
    problems_by_residents = models.PositiveIntegerField(default=0)
    overdue_by_residents = models.PositiveIntegerField(default=0)
    problems_by_firm = models.PositiveIntegerField(default=0)
    overdue_by_firm = models.PositiveIntegerField(default=0)
    problems_by_third_party = models.PositiveIntegerField(default=0)
    overdue_by_third_party = models.PositiveIntegerField(default=0)
    problems_by_district = models.PositiveIntegerField(default=0)
    overdue_by_district = models.PositiveIntegerField(default=0)
    problems_week = models.PositiveIntegerField(default=0)
    problems_month = models.PositiveIntegerField(default=0)
    problems_older = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dashboard summary row")
        verbose_name_plural = _("dashboard summary rows")
        constraints = [
            models.UniqueConstraint(fields=["plan", "community"], name="dashboardcell_unique")
        ]

    def __str__(self):
        return f"{self.plan_id}/{self.community_id}"
