"""The list of district inspections as a spreadsheet (see common.exports)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import ID, Column, ListExport

INSPECTIONS = ListExport(
    title=_("District inspections"),
    filename="inspections",
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("street"), "street.name"),
        Column(_("inspection group"), "group"),
        Column(
            _("compounds visited"),
            lambda inspection: [c.name for c in inspection.compounds_visited.all()],
        ),
        Column(_("other sites visited"), "other_sites"),
        Column(_("requirements"), "requirement_count"),
        Column(_("problems open"), "open_problem_count"),
        Column(_("findings"), "findings"),
        Column(_("answered by the street"), lambda inspection: bool(inspection.answer)),
        Column(pgettext_lazy("inspection", "answered on"), "answered_on"),
        Column(_("the street's answer"), "answer"),
    ),
)
