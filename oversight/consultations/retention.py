"""How long the owners' names of the household register are kept (PIPL): until
HOUSEHOLD_RETENTION_DAYS after their compound's acceptance, when its consultations are over;
the homes themselves (door, floor, area, code, answers) stay."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff_day

from .models import Household

HOUSEHOLDS = "households"


erase_households = retention.BlankFields(
    Household, ("owner_name",), reason_field="anonymised_reason"
)


def due_households(now):
    """Homes with an owner's name whose compound was accepted before the period."""
    cutoff = retention_cutoff_day(now, settings.HOUSEHOLD_RETENTION_DAYS)
    return (
        Household.objects.filter(erase_households.holding)
        .filter(building__compound__accepted_on__lt=cutoff)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


retention.register(
    retention.Kind(
        name=HOUSEHOLDS,
        label=_("owners' names of the household register"),
        setting="HOUSEHOLD_RETENTION_DAYS",
        due=due_households,
        erase=erase_households,
        notice=ngettext_lazy(
            "Owners' names in the household register: erased %(days)s day after the "
            "compound's acceptance.",
            "Owners' names in the household register: erased %(days)s days after the "
            "compound's acceptance.",
            "days",
        ),
        order=30,
    )
)
