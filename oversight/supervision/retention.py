"""How long the names of a residents' supervision group are kept (PIPL): until
SUPERVISION_GROUP_RETENTION_DAYS after their compound's acceptance, when the group's work is
done; the group's records stay, and a member's account is the accounts' own matter."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention
from common.rules import retention_cutoff_day

from .models import SupervisionGroupMember

GROUP_MEMBERS = "supervision_group"


erase_members = retention.BlankFields(
    SupervisionGroupMember, ("name",), reason_field="anonymised_reason"
)


def due_members(now):
    """Members with a name whose compound was accepted before the period."""
    cutoff = retention_cutoff_day(now, settings.SUPERVISION_GROUP_RETENTION_DAYS)
    return (
        SupervisionGroupMember.objects.filter(erase_members.holding)
        .filter(compound__accepted_on__lt=cutoff)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


retention.register(
    retention.Kind(
        name=GROUP_MEMBERS,
        label=_("members of the residents' supervision groups"),
        setting="SUPERVISION_GROUP_RETENTION_DAYS",
        due=due_members,
        erase=erase_members,
        notice=ngettext_lazy(
            "Names of the residents' supervision group members: erased %(days)s day after the "
            "compound's acceptance.",
            "Names of the residents' supervision group members: erased %(days)s days after the "
            "compound's acceptance.",
            "days",
        ),
        order=40,
    )
)
