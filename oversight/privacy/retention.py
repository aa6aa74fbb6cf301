"""How long what a resident wrote in a data request is kept (PIPL): the new name and phone of
a correction go with the opinion's own name and phone (opinions.retention), whether its period
ran out or the resident asked for the erasure; the requests themselves stay, as the record of
what was asked and done."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common import retention

from .models import PrivacyRequest

REQUESTS = "privacy_requests"


erase_requests = retention.BlankFields(PrivacyRequest, ("new_name", "new_phone"))


def due_requests(now):
    """Requests still holding a name or phone whose opinion's personal data is erased."""
    return (
        PrivacyRequest.objects.filter(erase_requests.holding, opinion__anonymised_at__isnull=False)
        .values_list("pk", flat=True)
        .order_by("pk")
    )


retention.register(
    retention.Kind(
        name=REQUESTS,
        label=_("residents' requests about their personal data"),
        setting="OPINION_RETENTION_DAYS",
        due=due_requests,
        erase=erase_requests,
        notice=ngettext_lazy(
            "A request to see, correct or erase your personal data: the new name and phone "
            "written in it are erased with the opinion's (%(days)s day after it is closed or "
            "last changed, or when you ask).",
            "A request to see, correct or erase your personal data: the new name and phone "
            "written in it are erased with the opinion's (%(days)s days after it is closed or "
            "last changed, or when you ask).",
            "days",
        ),
        order=15,
    )
)
