"""The list of district inspections as a spreadsheet (see common.exports)."""

from django.utils.translation import gettext_lazy as _

from common.exports import ID, Column, ListExport

from .models import Inspection

INSPECTIONS = ListExport(
    model=Inspection,
    title=_("District inspections"),
    filename="inspections",
    columns=(
        ID,
        "date",
        "street.name",
        "group",
        Column(
            _("compounds visited"),
            lambda inspection: (
                [c.name for c in inspection.compounds_visited.all()]
                + ([inspection.others_visited] if inspection.others_visited else [])
            ),
        ),
        "other_sites",
        Column(_("requirements"), "requirement_count"),
        Column(_("problems open"), "open_problem_count"),
        "findings",
        Column(_("answered by the street"), lambda inspection: bool(inspection.answer)),
        "answered_on",
        "answer",
    ),
)
