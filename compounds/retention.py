"""How long the phones of a compound's person in charge and contact person are kept (PIPL):
until COMPOUND_CONTACT_RETENTION_DAYS after the compound's acceptance, when no one needs to
call them about the works; their names stay, as the record of who answered for it."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff_day

from .models import Compound

CONTACTS = "compound_contacts"
erase_contacts = retention.BlankFields(Compound, ("person_in_charge_phone", "contact_phone"))


def due_contacts(now):
    """Compounds with a phone, accepted before the period."""
    cutoff = retention_cutoff_day(now, settings.COMPOUND_CONTACT_RETENTION_DAYS)
    return (
        Compound.objects.filter(erase_contacts.holding, accepted_on__lt=cutoff)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


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
