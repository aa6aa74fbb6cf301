"""District inspections (督导): the district's inspection group visits a street, hears its
report, reads the progress tables and statistics, sees sites, and asks for weak points to be
worked on; the street answers. Requirements about a compound become problems in the register,
verified by the district."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import clock
from common.models import TimestampedModel
from common.validators import future_day_errors
from compounds.models import Compound, Street
from compounds.rules import other_compounds


class Inspection(TimestampedModel):
    """A visit of the district's inspection group (督导) to a street: what it heard and read,
    the sites it saw, what it found and required, the street's answer, and the figures as they
    stood that day (frozen, so the next visit sees what changed)."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("street")
    )
    date = models.DateField(_("date"), default=clock.today)
    group = models.CharField(
        _("inspection group"), max_length=100,
        help_text=_("For example 金水区委组织科督导组."),
    )  # fmt: skip
    reviewed = models.TextField(
        _("what was reviewed"), blank=True, max_length=2000,
        help_text=_("The report heard, the progress tables and statistics read."),
    )  # fmt: skip
    compounds_visited = models.ManyToManyField(
        Compound, blank=True, related_name="inspections", verbose_name=_("compounds visited")
    )
    other_sites = models.CharField(
        _("other sites visited"), max_length=300, blank=True,
        help_text=_("Places that are not compounds, for example a business district."),
    )  # fmt: skip
    findings = models.TextField(_("findings"), blank=True, max_length=4000)
    answer = models.TextField(_("the street's answer"), blank=True, max_length=4000)
    answered_on = models.DateField(
        pgettext_lazy("inspection", "answered on"), null=True, blank=True
    )
    figures = models.JSONField(
        _("figures on the day"), default=dict, blank=True, editable=False,
        help_text=_("The dashboard figures when the visit was recorded, kept as they were."),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    history = HistoricalRecords(m2m_fields=[compounds_visited])

    class Meta:
        verbose_name = _("district inspection")
        verbose_name_plural = _("district inspections")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.street.name} {self.date:%Y-%m-%d} {self.group}"

    def get_absolute_url(self):
        return reverse("oversight:inspection_detail", kwargs={"pk": self.pk})

    @property
    def others_visited(self) -> str:
        """The compounds visited outside the reader's scope, counted ("1 other compound"):
        selectors.inspection_list reads the others' number (``visited_others``) and only the
        reader's compounds as ``compounds_visited``."""
        return other_compounds(getattr(self, "visited_others", 0))

    def clean(self):
        errors = future_day_errors(date=self.date, answered_on=self.answered_on)
        if self.answered_on and self.date and self.answered_on < self.date:
            errors["answered_on"] = _("The street cannot answer before the visit.")
        if self.answered_on and not self.answer.strip():
            errors["answer"] = _("Write the answer before dating it.")
        if errors:
            raise ValidationError(errors)


class InspectionRequirement(models.Model):
    """A requirement of an inspection; one about a compound becomes a problem in the register,
    verified by the district."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="requirements",
        verbose_name=_("district inspection"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("requirement"), max_length=500)
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("compound"),
        help_text=_("Name a compound to put the requirement on its register of problems."),
    )  # fmt: skip
    rectification = models.OneToOneField(
        "progress.Rectification", on_delete=models.PROTECT, null=True, blank=True,
        related_name="inspection_requirement", verbose_name=_("problem raised"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection requirement")
        verbose_name_plural = _("inspection requirements")
        ordering = ["inspection", "order", "pk"]

    def __str__(self):
        return f"{self.inspection}: {self.text[:40]}"

    def get_absolute_url(self):
        return self.inspection.get_absolute_url()

    def clean(self):
        if (
            self.compound_id
            and self.inspection_id
            and self.compound.community.street_id != self.inspection.street_id
        ):
            raise ValidationError({"compound": _("This compound is in another street.")})
