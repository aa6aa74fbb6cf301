"""Abstract models every app's records share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreatedModel(models.Model):
    """A record that keeps when it was created (its changes are in its history)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedModel):
    """A record that keeps when it was created and last changed."""

    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(CreatedModel.Meta):
        abstract = True
