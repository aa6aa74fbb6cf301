"""The register's lists as spreadsheets (see common.exports)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.exports import ID, PERCENT_FORMAT, Column, ListExport
from common.rules import percent

from .models import Compound


def _progress(compound):
    """The progress as the pages show it (common.rules.percent), in a cell formatted 0%."""
    value = percent(compound.progress)
    return None if value is None else Decimal(value) / 100


# The compound list: what the page shows (its figures from the buildings, the annotations of
# CompoundQuerySet.with_figures) and what a clerk files it with.
COMPOUNDS = ListExport(
    model=Compound,
    title=_("Compounds"),
    filename="compounds",
    select_related=("community__street",),
    columns=(
        ID,
        "name",
        "community.street.name",
        "community.name",
        "plan.name",
        "address",
        "status",
        "is_demonstration",
        Column(_("buildings"), "building_count"),
        Column(_("households"), "household_count"),
        Column(_("floor area (m²)"), "total_floor_area"),
        "year_built",
        "started_on",
        "completed_on",
        "accepted_on",
        Column(_("progress"), _progress, number_format=PERCENT_FORMAT),
        "last_log_on",
        "latest_start",
        "person_in_charge",
        "person_in_charge_phone",
        "contact_person",
        "contact_phone",
        "had_no_manager",
        "management_mode",
        "property_company",
        "longitude",
        "latitude",
    ),
)
