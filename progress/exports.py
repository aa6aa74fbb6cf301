"""The progress lists as spreadsheets (see common.exports)."""

from django.utils.translation import gettext_lazy as _

from common.exports import ID, Column, ListExport, display_name

DAILY_LOGS = ListExport(
    title=_("Daily logs"),
    filename="daily-logs",
    select_related=("compound__community",),
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("compound"), "compound.name"),
        Column(_("community"), "compound.community.name"),
        Column(_("workers on site"), "workers"),
        Column(_("bare soil and materials covered"), "covered"),
        Column(_("wet work against dust"), "wet_work"),
        Column(_("vehicles washed on leaving"), "vehicle_washing"),
        Column(_("site hoarding in place"), "hoarding"),
        Column(_("safety patrol done"), "safety_patrol"),
        Column(_("problems found"), "problems"),
        Column(_("notes"), "notes"),
        Column(_("filed by"), lambda log: display_name(log.created_by)),
    ),
)

# The register of problems (整改台账), as the page lists it, with what it folds away.
RECTIFICATIONS = ListExport(
    title=_("Problems to fix"),
    filename="problems",
    columns=(
        ID,
        Column(_("compound"), "compound.name"),
        Column(_("community"), "compound.community.name"),
        Column(_("what is wrong"), "description"),
        Column(_("source"), "source"),
        Column(_("raised by"), "level"),
        Column(_("raised at meeting"), "meeting.title"),
        Column(_("created"), "created"),
        Column(_("responsible unit"), "responsible_unit"),
        Column(_("owner"), "owner"),
        Column(_("deadline"), "deadline"),
        Column(_("overdue"), "is_overdue"),
        Column(_("status"), "status"),
        Column(_("resolution"), "resolution"),
        Column(_("resolved on"), "closed_on"),
    ),
)
