"""The progress lists as spreadsheets (see common.exports)."""

from django.utils.translation import gettext_lazy as _

from common.exports import ID, Column, ListExport, display_name

from .models import DailyLog, Rectification, WeeklyMeeting

DAILY_LOGS = ListExport(
    model=DailyLog,
    title=_("Daily logs"),
    filename="daily-logs",
    select_related=("compound__community",),
    columns=(
        ID,
        "date",
        "compound.name",
        "compound.community.name",
        "workers",
        "covered",
        "wet_work",
        "vehicle_washing",
        "hoarding",
        "safety_patrol",
        "problems",
        "notes",
        Column(_("filed by"), lambda log: display_name(log.created_by)),
    ),
)

# The weekly meetings (周例会), with what the page folds into each meeting's own page.
MEETINGS = ListExport(
    model=WeeklyMeeting,
    title=_("Weekly meetings"),
    filename="weekly-meetings",
    select_related=("street",),
    columns=(ID, "date", "title", "street.name", "attendees", "agenda", "minutes"),
)

# The register of problems (整改台账), as the page lists it, with what it folds away.
RECTIFICATIONS = ListExport(
    model=Rectification,
    title=_("Problems to fix"),
    filename="problems",
    columns=(
        ID,
        "compound.name",
        "compound.community.name",
        "description",
        "source",
        "level",
        "meeting.title",
        "created",
        "responsible_unit",
        "owner",
        "deadline",
        Column(_("overdue"), "is_overdue"),
        "status",
        "resolution",
        "closed_on",
    ),
)
