"""The special fund's list as a spreadsheet (see common.exports)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.exports import ID, PERCENT_FORMAT, Column, ListExport
from compounds.models import Compound

from .selectors import compound_rows


def _paid_share(compound):
    percent = compound.figures["percent"] if compound.allocation_count else None
    return None if percent is None else Decimal(percent) / 100


def _figure(name):
    return lambda compound: compound.figures[name] if compound.allocation_count else None


# Every compound with its budget, as the page shows it ("—" without a budget: empty cells).
FUNDS = ListExport(
    model=Compound,
    title=_("Special fund"),
    filename="special-fund",
    batch=compound_rows,
    columns=(
        ID,
        Column(_("compound"), "name"),
        "community.name",
        "plan.name",
        "status",
        Column(_("budget"), _figure("planned")),
        Column(_("paid"), _figure("paid")),
        Column(_("remaining"), _figure("remaining")),
        Column(_("paid share"), _paid_share, number_format=PERCENT_FORMAT),
        Column(_("fund payments"), "payment_count"),
    ),
)
