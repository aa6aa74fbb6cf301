from django.db import models
from django.utils.translation import gettext_lazy as _

from progress.choices import WorkCategory


class Channel(models.TextChoices):
    """How an opinion reached the street (问需于民)."""

    ONLINE = "online", _("online form")
    QR_POSTER = "qr_poster", _("QR poster")
    HOME_VISIT = "home_visit", _("home visit (入户走访)")
    COLLECTION_POINT = "collection_point", _("collection point (群众意见征集点)")
    PHONE = "phone", _("phone call")


PUBLIC_CHANNELS = (Channel.ONLINE, Channel.QR_POSTER)


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_REVIEW = "in_review", _("in review")
    ACCEPTED = "accepted", _("accepted into the plan")
    ANSWERED = "answered", _("answered")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    CLOSED = "closed", _("closed")


# The topics a resident may tick: every kind of renovation work, plus property management.
# (Parking and "other" are work categories already.)
PROPERTY_MANAGEMENT = "property_management"
TOPIC_CHOICES = [
    *[(value, label) for value, label in WorkCategory.choices if value != WorkCategory.OTHER],
    (PROPERTY_MANAGEMENT, _("property management")),
    (WorkCategory.OTHER.value, WorkCategory.OTHER.label),
]
