"""A resident's requests about their personal data, and the codes texted to confirm that the
phone given with an opinion is theirs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from common.models import CreatedModel, TimestampedModel

from ..opinions.models import Opinion
from ..validators import validate_mainland_phone
from .choices import RequestKind, RequestStatus


class PrivacyRequest(TimestampedModel):
    """A resident's request (个人信息查阅、更正、删除) to see, correct or erase the name, phone
    and photos held with their opinion, made after confirming the phone by a texted code; a
    street's staff carry it out or refuse it with a reason, and the resident reads its status
    by the same receipt code."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.PROTECT, related_name="privacy_requests",
        verbose_name=_("opinion"),
    )  # fmt: skip
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices,
        default=RequestStatus.PENDING, db_index=True,
    )  # fmt: skip
    new_name = models.CharField(_("new name"), max_length=50, blank=True)
    new_phone = PhoneNumberField(
        _("new phone"), blank=True, region="CN", validators=[validate_mainland_phone]
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("handled by"),
    )  # fmt: skip
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    reason = models.TextField(
        _("reason"), blank=True, max_length=1000,
        help_text=_("Needed to refuse a request; the resident reads it."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created", "-pk"]
        permissions = [
            ("handle_privacyrequest", _("Can carry out or refuse residents' data requests")),
        ]

    def __str__(self):
        return f"{self.opinion} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("oversight:privacy_request_detail", kwargs={"pk": self.pk})


class PrivacyChallenge(CreatedModel):
    """A confirmation code texted to the phone given with an opinion: stored only as a keyed
    hash, good for PRIVACY_CODE_MINUTES and PRIVACY_CODE_ATTEMPTS tries, used once."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="+", verbose_name=_("opinion")
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmation code")
        verbose_name_plural = _("confirmation codes")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.opinion} {self.created:%Y-%m-%d %H:%M}"
