"""Returns imported from streets that run their own portal (逐级汇总): kept apart from the
records this portal holds, each with its origin, its period and the file itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import CreatedModel
from compounds.models import Street


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    YEAR_TO_DATE = "year_to_date", _("year to date")


def _return_file_path(instance, filename):
    return f"returns/{instance.period_end:%Y}/{instance.street_id}-{instance.period_end:%Y%m}.xlsx"


class ImportedReturn(CreatedModel):
    """A street's statistics return for one period, read from the return file its own portal
    wrote. Its figures (rules.KEYS) stand for that street in the district's and the city's
    returns instead of the records this portal holds of it; a later import of the same street
    and period takes the place of an earlier one, which stays in the list and the history."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="imported_returns", verbose_name=_("street")
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    figures = models.JSONField(_("figures"))
    origin = models.CharField(
        _("sent by"), max_length=200, help_text=_("The portal that wrote the file, as it says.")
    )
    generated_at = models.DateTimeField(_("written on"))
    file = models.FileField(_("return file"), upload_to=_return_file_path)
    file_name = models.CharField(_("file name"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("imported return")
        verbose_name_plural = _("imported returns")
        ordering = ["-period_end", "street__name", "-created"]
        indexes = [models.Index(fields=["street", "period_kind", "period_end"])]

    def __str__(self):
        return f"{self.street} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
