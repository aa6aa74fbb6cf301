"""The special fund (专项资金): what each compound may spend, per work item or for the compound
as a whole, and what was paid out of it, with the document behind each payment."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import clock
from common.models import CreatedModel, Effects, TimestampedModel, WithEffects
from common.validators import future_day_errors
from compounds.models import Compound

CENT = Decimal("0.01")


class FundAllocation(WithEffects, TimestampedModel):
    """A budget of the special fund: for one work item of a compound, or for the compound as
    a whole (costs of no single item, such as design and supervision). A compound's budget is
    the sum of its allocations; each payment is made out of one of them. Changing an amount
    needs a reason, kept in the history."""

    effects = Effects(parts={"funds"})

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="fund_allocations",
        verbose_name=_("compound"),
    )  # fmt: skip
    work_item = models.ForeignKey(
        "progress.WorkItem", on_delete=models.PROTECT, null=True, blank=True,
        related_name="fund_allocations", verbose_name=_("work item"),
        help_text=_("Leave empty for the compound's costs of no single work item."),
    )  # fmt: skip
    amount = models.DecimalField(
        _("budget (yuan)"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")
        ordering = ["compound", "work_item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "work_item"],
                name="fundallocation_one_per_work_item",
                violation_error_message=_("This work item has a budget already: change it."),
            ),
            models.UniqueConstraint(
                fields=["compound"],
                condition=Q(work_item__isnull=True),
                name="fundallocation_one_general_per_compound",
                violation_error_message=_("The compound has a general budget already: change it."),
            ),
        ]

    def __str__(self):
        what = self.work_item.get_category_display() if self.work_item_id else _("general")
        return f"{self.compound.name} · {what}"

    def get_absolute_url(self):
        return reverse("oversight:compound_funds", kwargs={"compound_pk": self.compound_id})

    def clean(self):
        if (
            self.work_item_id
            and self.compound_id
            and self.work_item.compound_id != self.compound_id
        ):
            raise ValidationError({"work_item": _("This work item belongs to another compound.")})


def _payment_document_path(instance, filename):
    return f"fund-documents/{instance.paid_on:%Y/%m}/{instance.allocation_id}-{filename}"


class FundPayment(WithEffects, CreatedModel):
    """A payment out of an allocation, with the supporting document (invoice, contract page,
    acceptance sheet) as PDF, JPEG or PNG."""

    effects = Effects(parts={"funds"})

    allocation = models.ForeignKey(
        FundAllocation, on_delete=models.PROTECT, related_name="payments",
        verbose_name=_("paid out of"),
    )  # fmt: skip
    paid_on = models.DateField(_("paid on"), default=clock.today)
    payee = models.CharField(_("payee"), max_length=100)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(CENT)],
    )  # fmt: skip
    document = models.FileField(_("supporting document"), upload_to=_payment_document_path)
    note = models.CharField(_("what it pays for"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund payment")
        verbose_name_plural = _("fund payments")
        ordering = ["-paid_on", "-pk"]

    def __str__(self):
        return f"{self.allocation} {self.paid_on:%Y-%m-%d} ¥{self.amount}"

    def get_absolute_url(self):
        return self.allocation.get_absolute_url()

    def clean(self):
        if errors := future_day_errors(paid_on=self.paid_on):
            raise ValidationError(errors)

    def effect_compound_ids(self):
        return FundAllocation.objects.filter(pk=self.allocation_id).values_list(
            "compound_id", flat=True
        )
