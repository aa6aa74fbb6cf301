"""Choices of the consultations: a household's answer in an elevator consultation, the stages of
an elevator addition, and how a survey's answer was taken."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
