"""How long the phones of a compound's person in charge and contact person are kept (PIPL):
until COMPOUND_CONTACT_RETENTION_DAYS after the compound's acceptance, when no one needs to
call them about the works; their names stay, as the record of who answered for it."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff_day

from .models import Compound

CONTACTS = "compound_contacts"
PHONES = {"person_in_charge_phone": "", "contact_phone": ""}
HAS_PHONE = ~Q(person_in_charge_phone="") | ~Q(contact_phone="")


def due_contacts(now):
    """Compounds with a phone, accepted before the period."""
    cutoff = retention_cutoff_day(now, settings.COMPOUND_CONTACT_RETENTION_DAYS)
    return (
        Compound.objects.filter(HAS_PHONE, accepted_on__lt=cutoff)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def erase_contacts(ids, *, now, reason, user=None) -> int:
    """Blank the two phones of the compounds and of every history row of them."""
    ids = list(Compound.objects.filter(HAS_PHONE, pk__in=ids).values_list("pk", flat=True))
    if not ids:
        return 0
    return retention.blank_with_history(Compound, ids, PHONES, reason=reason, user=user)


retention.register(
    retention.Kind(
        name=CONTACTS,
        label=_("phones of the compounds' contacts"),
        setting="COMPOUND_CONTACT_RETENTION_DAYS",
        due=due_contacts,
        erase=erase_contacts,
        notice=ngettext_lazy(
            "Phones of a compound's person in charge and contact person: erased %(days)s day "
            "after the compound's acceptance.",
            "Phones of a compound's person in charge and contact person: erased %(days)s days "
            "after the compound's acceptance.",
            "days",
        ),
        order=50,
    )
)
