"""The list of supervision records as a spreadsheet (see common.exports)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import ID, Column, ListExport, display_name

from .models import SupervisionRecord

SUPERVISION_RECORDS = ListExport(
    model=SupervisionRecord,
    title=_("Supervision records"),
    filename="supervision-records",
    columns=(
        ID,
        "date",
        "compound.name",
        "compound.community.name",
        "level",
        "kind",
        "inspectors",
        Column(_("items"), "check_count"),
        Column(pgettext_lazy("check", "failed"), "failed_count"),
        "findings",
        Column(_("recorded by"), lambda record: display_name(record.recorded_by)),
    ),
)
