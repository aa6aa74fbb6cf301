"""Residents' opinions (问需于民): each with its receipt code, topics, photos and triage, and the
intake row a public submission is first stored as.

Personal data (names, phones) lives only on Opinion and Household; public pages never show it,
staff pages mask it unless the role holds ``oversight.view_personal_data``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from common import clock
from common.models import CreatedModel, Effects, TimestampedModel, WithEffects
from common.retention import ErasureReason
from compounds.models import Building, Compound
from progress.models import WorkItem

from ..validators import validate_mainland_phone
from . import rules
from .choices import TOPIC_CHOICES, Channel, OpinionStatus

TEXT_MAX = 1000


def reply_seconds(received_at, replied_at) -> int | None:
    """Seconds from an opinion's arrival to its reply (None before the reply)."""
    if replied_at is None or received_at is None:
        return None
    return max(0, int((replied_at - received_at).total_seconds()))


class Opinion(WithEffects, TimestampedModel):
    """A resident's opinion, from the public form or taken down by staff, with its receipt
    code, its triage and the street's official reply."""

    effects = Effects(parts={"opinions"})

    code = models.CharField(_("receipt code"), max_length=30, unique=True, editable=False)
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("compound")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="opinions", null=True, blank=True,
        verbose_name=_("building"),
    )  # fmt: skip
    unit = models.CharField(_("unit (单元)"), max_length=20, blank=True)
    text = models.TextField(_("opinion"), max_length=TEXT_MAX)
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = PhoneNumberField(
        _("phone"), blank=True, region="CN", validators=[validate_mainland_phone]
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    consent_at = models.DateTimeField(
        _("consent to the data notice given at"), null=True, blank=True
    )
    received_at = models.DateTimeField(
        pgettext_lazy("date", "received"), default=clock.now, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=OpinionStatus.choices,
        default=OpinionStatus.RECEIVED, db_index=True,
    )  # fmt: skip
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assigned_opinions", verbose_name=_("assignee"),
    )  # fmt: skip
    reason = models.TextField(
        _("why it is not feasible"), blank=True, max_length=2000,
        help_text=_("Needed when the opinion is not feasible; the resident reads it."),
    )  # fmt: skip
    reply = models.TextField(_("official reply"), blank=True, max_length=2000)
    reply_published = models.BooleanField(
        _("publish the reply"), default=False,
        help_text=_("Published replies appear on the compound's public page, without names."),
    )  # fmt: skip
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # Derived on save from replied_at - received_at, so that the dashboard's median time to
    # reply reads one index instead of sorting every opinion.
    reply_seconds = models.PositiveIntegerField(
        _("time to reply (seconds)"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions",
        verbose_name=_("became work item"),
    )  # fmt: skip
    hidden = models.BooleanField(
        _("hidden by moderation"), default=False,
        help_text=_("Spam or abuse: left out of tallies and public pages; the text is kept."),
    )  # fmt: skip
    hidden_reason = models.CharField(_("why it is hidden"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("merged into"),
    )  # fmt: skip
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    anonymised_reason = models.CharField(
        _("why it was anonymised"), max_length=20, blank=True, choices=ErasureReason.choices,
        editable=False,
    )  # fmt: skip
    notified_at = models.DateTimeField(
        _("staff notified at"), null=True, blank=True, editable=False,
        help_text=_("Empty until the compound's staff are told; a beat task retries."),
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["notified_at", "reply_seconds"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("view_personal_data", _("Can see residents' names and phone numbers unmasked")),
        ]
        indexes = [
            models.Index(fields=["compound", "status"]),
            # The dashboard's residents' voice: the visible opinions' times to reply (the
            # median is read at an offset of this index) and those still waiting.
            models.Index(
                fields=["reply_seconds"],
                condition=Q(reply_seconds__isnull=False, hidden=False, merged_into__isnull=True),
                name="opinion_reply_time",
            ),
            models.Index(
                fields=["received_at"],
                condition=Q(replied_at__isnull=True, hidden=False, merged_into__isnull=True)
                & ~Q(status__in=["closed", "not_feasible"]),
                name="opinion_awaiting_reply",
            ),
            # The beat's sweep of notices that could not be queued (every minute): a handful.
            models.Index(
                fields=["created"], condition=Q(notified_at__isnull=True), name="opinion_unnotified"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="opinion_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.reply_seconds = reply_seconds(self.received_at, self.replied_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "replied_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reply_seconds"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("oversight:opinion_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.building_id and self.compound_id and self.building.compound_id != self.compound_id:
            errors["building"] = _("This building belongs to another compound.")
        if (
            self.work_item_id
            and self.compound_id
            and self.work_item.compound_id != self.compound_id
        ):
            errors["work_item"] = _("This work item belongs to another compound.")
        if self.status == OpinionStatus.NOT_FEASIBLE and not self.reason.strip():
            errors["reason"] = _("Say why it is not feasible: the resident will read it.")
        if self.reply_published and not self.reply.strip():
            errors["reply"] = _("Write the reply before publishing it.")
        if self.merged_into_id and self.merged_into_id == self.pk:
            errors["merged_into"] = _("An opinion cannot be merged into itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def topics(self) -> list[str]:
        return [row.topic for row in self.topic_rows.all()]

    def get_topics_display(self) -> list[str]:
        labels = dict(TOPIC_CHOICES)
        return [str(labels.get(topic, topic)) for topic in self.topics]

    @property
    def masked_phone(self) -> str:
        return rules.mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return rules.mask_name(self.name)

    @property
    def reply_time(self):
        """How long the street took to reply (a timedelta), or None while unanswered."""
        if self.replied_at is None:
            return None
        return self.replied_at - self.received_at


class OpinionIntake(models.Model):
    """A resident's submission as it came in (the public form, the QR poster, the public API),
    stored with one insert that also fixes its receipt code, so a submission is answered at
    once and a burst of them never waits on the rest of the bookkeeping.

    A Celery task registers it as an Opinion right after (topics, photos, history, the staff
    notice, the dashboard's row); a beat sweep registers any the queue missed, so a broker
    outage delays registration and never loses a submission. Once registered, the payload
    (with any name and phone) is emptied: the Opinion and its history are the record. One that
    cannot be registered keeps its payload and says why, for an administrator."""

    # An inbox row, written once per submission, so it is kept light for the database:
    # - the code is unique by the constraint below, which (unlike unique=True) adds no second
    #   "LIKE" index on PostgreSQL;
    # - the compound has no index and no constraint in the database: the insert itself checks
    #   that the compound exists (services._insert_intake), Django's PROTECT still refuses to
    #   delete a compound with submissions, and the registered Opinion holds the real foreign
    #   key. The database's check would lock the compound's row on every submission.
    code = models.CharField(_("receipt code"), max_length=30, editable=False)
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="+", verbose_name=_("compound"),
        db_index=False, db_constraint=False,
    )  # fmt: skip
    received_at = models.DateTimeField(pgettext_lazy("date", "received"), default=clock.now)
    payload = models.JSONField(_("submission"), default=dict, blank=True)
    opinion = models.OneToOneField(
        Opinion, on_delete=models.PROTECT, null=True, blank=True, related_name="intake",
        verbose_name=_("opinion"),
    )  # fmt: skip
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    error = models.TextField(_("why it could not be registered"), blank=True)

    # What a receipt says of a submission not yet registered.
    status = OpinionStatus.RECEIVED

    class Meta:
        verbose_name = _("incoming opinion")
        verbose_name_plural = _("incoming opinions")
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(registered_at__isnull=True),
                name="opinionintake_pending",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["code"], name="opinionintake_code_unique")]

    def __str__(self):
        return self.code

    def get_topics_display(self) -> list[str]:
        labels = dict(TOPIC_CHOICES)
        return [str(labels.get(topic, topic)) for topic in self.payload.get("topics", [])]


class OpinionTopic(WithEffects, models.Model):
    """One topic an opinion is about (several may be ticked); a row each, so they count."""

    effects = Effects(parts={"opinions"})

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="topic_rows", verbose_name=_("opinion")
    )
    topic = models.CharField(_("topic"), max_length=30, choices=TOPIC_CHOICES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion topic")
        verbose_name_plural = _("opinion topics")
        ordering = ["opinion", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["opinion", "topic"], name="opiniontopic_unique"),
        ]

    def __str__(self):
        return f"{self.opinion} {self.get_topic_display()}"

    def effect_compound_ids(self):
        return Opinion.objects.filter(pk=self.opinion_id).values_list("compound_id", flat=True)


def _opinion_photo_path(instance, filename):
    return f"opinions/{instance.opinion.received_at:%Y/%m}/{instance.opinion_id}-{filename}"


class OpinionPhoto(CreatedModel):
    """A photo sent with an opinion, re-encoded on upload like the site photos."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="photos", verbose_name=_("opinion")
    )
    image = models.ImageField(_("photo"), upload_to=_opinion_photo_path)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion photo")
        verbose_name_plural = _("opinion photos")
        ordering = ["opinion", "pk"]

    def __str__(self):
        return f"{self.opinion} #{self.pk}"
