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


def due_households(now):
    """Homes with an owner's name whose compound was accepted before the period."""
    cutoff = retention_cutoff_day(now, settings.HOUSEHOLD_RETENTION_DAYS)
    return (
        Household.objects.filter(building__compound__accepted_on__lt=cutoff)
        .exclude(owner_name="")
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def erase_households(ids, *, now, reason, user=None) -> int:
    """Blank the owners' names of the homes and of every history row of them, and say why."""
    ids = list(Household.objects.filter(pk__in=ids).exclude(owner_name="").values_list(
        "pk", flat=True
    ))  # fmt: skip
    if not ids:
        return 0
    return retention.blank_with_history(
        Household, ids, {"owner_name": "", "anonymised_reason": reason},
        history_values={"owner_name": ""}, reason=reason, user=user,
    )  # fmt: skip


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
