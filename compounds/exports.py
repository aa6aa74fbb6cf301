"""The register's lists as spreadsheets (see common.exports)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.exports import ID, PERCENT_FORMAT, Column, ListExport
from common.rules import percent


def _progress(compound):
    """The progress as the pages show it (common.rules.percent), in a cell formatted 0%."""
    value = percent(compound.progress)
    return None if value is None else Decimal(value) / 100


# The compound list: what the page shows (its figures from the buildings, the annotations of
# CompoundQuerySet.with_figures) and what a clerk files it with.
COMPOUNDS = ListExport(
    title=_("Compounds"),
    filename="compounds",
    select_related=("community__street",),
    columns=(
        ID,
        Column(_("name"), "name"),
        Column(_("street"), "community.street.name"),
        Column(_("community"), "community.name"),
        Column(_("renovation plan"), "plan.name"),
        Column(_("address"), "address"),
        Column(_("status"), "status"),
        Column(_("demonstration compound"), "is_demonstration"),
        Column(_("buildings"), "building_count"),
        Column(_("households"), "household_count"),
        Column(_("floor area (m²)"), "total_floor_area"),
        Column(_("year built"), "year_built"),
        Column(_("start date"), "started_on"),
        Column(_("completion date"), "completed_on"),
        Column(_("acceptance date"), "accepted_on"),
        Column(_("progress"), _progress, number_format=PERCENT_FORMAT),
        Column(_("last daily log"), "last_log_on"),
        Column(_("latest start"), "latest_start"),
        Column(_("person in charge"), "person_in_charge"),
        Column(_("phone of the person in charge"), "person_in_charge_phone"),
        Column(_("contact person"), "contact_person"),
        Column(_("contact phone"), "contact_phone"),
        Column(_("unmanaged before renovation"), "had_no_manager"),
        Column(_("management after renovation"), "management_mode"),
        Column(_("property company"), "property_company"),
    ),
)
