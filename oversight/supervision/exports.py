"""The list of supervision records as a spreadsheet (see common.exports)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import ID, Column, ListExport, display_name

SUPERVISION_RECORDS = ListExport(
    title=_("Supervision records"),
    filename="supervision-records",
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("compound"), "compound.name"),
        Column(_("community"), "compound.community.name"),
        Column(_("level"), "level"),
        Column(_("kind"), "kind"),
        Column(_("inspected by"), "inspectors"),
        Column(_("items"), "check_count"),
        Column(pgettext_lazy("check", "failed"), "failed_count"),
        Column(_("findings"), "findings"),
        Column(_("recorded by"), lambda record: display_name(record.recorded_by)),
    ),
)
