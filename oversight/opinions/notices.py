"""The staff's notice of a new residents' opinion."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common import clock
from compounds.selectors import staff_covering
from progress.notices import notify

from .models import Opinion


def notify_staff_of_opinion(*, opinion_id: int) -> int:
    """Give each active staff member assigned to the opinion's compound, community or street
    an in-app notice (once), and mark the opinion notified. Idempotent."""
    opinion = Opinion.objects.select_related("compound__community").filter(pk=opinion_id).first()
    if opinion is None or opinion.notified_at is not None:
        return 0
    compound = opinion.compound
    sent = 0
    for user in staff_covering(compound, perm="oversight.change_opinion", obj=opinion):
        sent += notify(
            user=user,
            key=f"opinion:{opinion.pk}",
            message=_("%(compound)s: a new residents' opinion, %(code)s.")
            % {"compound": compound.name, "code": opinion.code},
            url=reverse("oversight:opinion_detail", kwargs={"pk": opinion.pk}),
        )
    Opinion.objects.filter(pk=opinion.pk, notified_at__isnull=True).update(notified_at=clock.now())
    return sent
