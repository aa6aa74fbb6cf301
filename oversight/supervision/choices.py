"""The choices of supervision: the kinds of record, the levels that keep records and who sits
in a residents' supervision group."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionKind(models.TextChoices):
    ROUTINE = "routine", _("routine check")
    ACCEPTANCE = "acceptance", _("acceptance (验收)")


# The levels that keep supervision records (the district's visits are Inspections).
SUPERVISION_LEVELS = ("street", "community", "residents", "firm", "third_party")


class GroupMemberKind(models.TextChoices):
    """Who sits in a compound's residents' supervision group (居民监督小组)."""

    ACTIVE_RESIDENT = "active_resident", _("active resident (热心群众)")
    VETERAN_PARTY_MEMBER = "veteran_party_member", _("veteran party member (老党员)")
