from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityKind(models.TextChoices):
    COMMUNITY = "community", _("community")
    VILLAGE = "village", _("village")


class CompoundStatus(models.TextChoices):
    """Where a compound stands in its renovation, in the order it moves."""

    PLANNED = "planned", _("planned")
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    ACCEPTED = "accepted", _("accepted")


class ManagementMode(models.TextChoices):
    """Who looks after a compound once it is renovated (集中民智)."""

    NONE = "none", _("none yet")
    PROPERTY_COMPANY = "property_company", _("property company")
    SELF_GOVERNANCE = "self_governance", _("residents' self-governance (gatekeeper and cleaning)")
