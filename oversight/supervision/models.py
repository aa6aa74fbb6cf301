"""Supervision (全程监督): the three levels of supervision, the hired supervision firm and the
third party keep records of their checks; a failed check raises a problem in the one register
(progress.Rectification)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import clock
from common.models import CreatedModel, TimestampedModel
from common.retention import ErasureReason
from common.validators import future_day_errors
from compounds.models import Compound
from progress.choices import RaisedBy

from . import rules
from .choices import SUPERVISION_LEVELS, GroupMemberKind, SupervisionKind

LEVEL_CHOICES = [(value, label) for value, label in RaisedBy.choices if value in SUPERVISION_LEVELS]


class SupervisionGroupMember(TimestampedModel):
    """A member of a compound's residents' supervision group (居民监督小组): active residents
    and veteran party members. A member with an account files the residents' records of that
    compound."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="supervision_group",
        verbose_name=_("compound"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("member as"), max_length=30, choices=GroupMemberKind.choices,
        default=GroupMemberKind.ACTIVE_RESIDENT,
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="supervision_memberships", verbose_name=_("account"),
        help_text=_("The member's own account, to file the group's records."),
    )  # fmt: skip
    joined_on = models.DateField(_("joined on"), default=clock.today)
    anonymised_reason = models.CharField(
        _("why the name was erased"), max_length=20, blank=True, choices=ErasureReason.choices,
        editable=False,
    )  # fmt: skip
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("residents' supervision group member")
        verbose_name_plural = _("residents' supervision group members")
        ordering = ["compound", "-active", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "user"],
                name="groupmember_one_account_per_compound",
                violation_error_message=_("This account is a member of the group already."),
            ),
        ]

    def __str__(self):
        return f"{self.compound.name} {self.name}"

    def clean(self):
        if errors := future_day_errors(joined_on=self.joined_on):
            raise ValidationError(errors)


class SupervisionRecord(TimestampedModel):
    """One check of a compound by a level of supervision (街道, 社区, 居民监督小组) or by the
    supervision firm (监理) or the third party (第三方): a checklist of quality items, each
    passed or failed, with findings and photos. Acceptance (验收) records decide whether the
    compound may be marked accepted."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="supervision_records",
        verbose_name=_("compound"),
    )  # fmt: skip
    level = models.CharField(_("level"), max_length=20, choices=LEVEL_CHOICES)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SupervisionKind.choices, default=SupervisionKind.ROUTINE
    )
    date = models.DateField(_("date"), default=clock.today)
    inspectors = models.CharField(
        _("inspected by"), max_length=200,
        help_text=_("Who checked, with their unit, for example 李强（建业监理）."),
    )  # fmt: skip
    findings = models.TextField(_("findings"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["compound", "level", "kind"])]

    def __str__(self):
        return f"{self.compound.name} {self.date:%Y-%m-%d} {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("oversight:supervision_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = future_day_errors(date=self.date)
        if self.kind == SupervisionKind.ACCEPTANCE and self.level not in ("third_party", "firm"):
            errors["kind"] = _(
                "Acceptance is checked by the third party or the supervision firm: choose "
                "that level, or record a routine check."
            )
        if errors:
            raise ValidationError(errors)


class SupervisionCheck(models.Model):
    """One quality item of a supervision record, passed or failed; a failed item raises a
    problem (its ``rectification``)."""

    record = models.ForeignKey(
        SupervisionRecord, on_delete=models.CASCADE, related_name="checks",
        verbose_name=_("supervision record"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    item = models.CharField(_("quality item"), max_length=200)
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("what was found"), max_length=500, blank=True)
    rectification = models.OneToOneField(
        "progress.Rectification", on_delete=models.PROTECT, null=True, blank=True,
        related_name="supervision_check", verbose_name=_("problem raised"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision check")
        verbose_name_plural = _("supervision checks")
        ordering = ["record", "order", "pk"]

    def __str__(self):
        return f"{self.record}: {self.item}"

    def get_absolute_url(self):
        return self.record.get_absolute_url()

    def clean(self):
        if rules.needs_note(passed=self.passed, note=self.note):
            raise ValidationError({"note": rules.FAILED_WITHOUT_NOTE})


def _supervision_photo_path(instance, filename):
    return f"supervision/{instance.record.date:%Y/%m}/{instance.record_id}-{filename}"


class SupervisionPhoto(CreatedModel):
    """A photo of a supervision check, re-encoded on upload like the site photos."""

    record = models.ForeignKey(
        SupervisionRecord, on_delete=models.CASCADE, related_name="photos",
        verbose_name=_("supervision record"),
    )  # fmt: skip
    image = models.ImageField(_("photo"), upload_to=_supervision_photo_path)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision photo")
        verbose_name_plural = _("supervision photos")
        ordering = ["record", "pk"]

    def __str__(self):
        return f"{self.record} #{self.pk}"
