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


class ConsentAnswer(models.TextChoices):
    """A household's answer in an elevator consultation (民法典第278条)."""

    AGREE = "agree", _("agrees")
    DISAGREE = "disagree", _("disagrees")
    ABSTAIN = "abstain", _("not taking part")


class ElevatorStage(models.TextChoices):
    CONSULTING = "consulting", _("consulting residents")
    CONSENT_REACHED = "consent_reached", _("consent reached")
    APPLYING = "applying", _("applying")
    APPROVED = "approved", _("approved")
    INSTALLING = "installing", _("installing")
    IN_SERVICE = "in_service", _("in service")


class SurveyChannel(models.TextChoices):
    ONLINE = "online", _("online, with the household code")
    HOME_VISIT = "home_visit", _("home visit (入户走访)")


# --- Supervision and accountability -----------------------------------------------------------


class SupervisionKind(models.TextChoices):
    ROUTINE = "routine", _("routine check")
    ACCEPTANCE = "acceptance", _("acceptance (验收)")


# The levels that keep supervision records (the district's visits are Inspections).
SUPERVISION_LEVELS = ("street", "community", "residents", "firm", "third_party")


class GroupMemberKind(models.TextChoices):
    """Who sits in a compound's residents' supervision group (居民监督小组)."""

    ACTIVE_RESIDENT = "active_resident", _("active resident (热心群众)")
    VETERAN_PARTY_MEMBER = "veteran_party_member", _("veteran party member (老党员)")
