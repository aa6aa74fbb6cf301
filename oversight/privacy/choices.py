from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    """What a resident asks of their data."""

    SEE = "see", _("see my data")
    CORRECT = "correct", _("correct my name or phone")
    ERASE = "erase", _("erase my name, phone and photos")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the street")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")
