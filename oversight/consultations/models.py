"""Consultations of the households: the homes of each building, elevator additions with each
household's consent, and surveys that let households choose between renovation options.

Personal data (names, phones) lives only on Opinion and Household; public pages never show it,
staff pages mask it unless the role holds ``oversight.view_personal_data``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import clock
from common.models import TimestampedModel
from common.retention import ErasureReason
from common.validators import future_day_errors
from compounds.models import Building, Compound

from . import rules
from .choices import ConsentAnswer, ElevatorStage, SurveyChannel


class Household(TimestampedModel):
    """A home in a building, with its owner and floor area: who is asked in an elevator
    consultation and who answers a survey. Its code lets the household answer online."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="homes", verbose_name=_("building")
    )
    unit = models.CharField(_("unit (单元)"), max_length=20, blank=True)
    door = models.CharField(_("door number"), max_length=20, help_text=_("For example 301."))
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )  # fmt: skip
    owner_name = models.CharField(pgettext_lazy("household", "owner"), max_length=50, blank=True)
    anonymised_reason = models.CharField(
        _("why the name was erased"), max_length=20, blank=True, choices=ErasureReason.choices,
        editable=False,
    )  # fmt: skip
    code = models.CharField(
        _("household code"), max_length=30, unique=True, editable=False,
        help_text=_("Printed on the household's slip; lets it answer surveys online."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = pgettext_lazy("model", "households")
        ordering = ["building", "unit", "door", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "door"],
                name="household_unique_door",
                violation_error_message=_("This building already has a home at that door."),
            ),
        ]

    def __str__(self):
        unit = f"{self.unit}单元" if self.unit else ""
        return f"{self.building.compound.name} {self.building.number}{unit}{self.door}"


class ElevatorProject(TimestampedModel):
    """Adding an elevator to one building (加装电梯), from consulting its households to service.

    A stage is reached on a date; consent is reached only when the article 278 thresholds are
    met by the recorded answers.
    """

    building = models.OneToOneField(
        Building, on_delete=models.PROTECT, related_name="elevator_project",
        verbose_name=_("building"),
    )  # fmt: skip
    stage = models.CharField(
        _("stage"), max_length=20, choices=ElevatorStage.choices,
        default=ElevatorStage.CONSULTING,
    )  # fmt: skip
    consulting_since = models.DateField(_("consulting since"), default=clock.today)
    consent_reached_on = models.DateField(_("consent reached on"), null=True, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    installing_since = models.DateField(_("installing since"), null=True, blank=True)
    in_service_since = models.DateField(_("in service since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("elevator addition")
        verbose_name_plural = _("elevator additions")
        ordering = ["building__compound", "building__number", "pk"]

    def __str__(self):
        return f"{self.building.compound.name} {self.building.number} {self.get_stage_display()}"

    def get_absolute_url(self):
        return reverse("oversight:elevator_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        reached = rules.stage_index(self.stage)
        previous = None
        for index, stage in enumerate(rules.STAGE_ORDER):
            field = rules.STAGE_DATES[stage]
            value = getattr(self, field)
            if index <= reached and value is None:
                errors[field] = _("Give the day this stage was reached.")
            elif index > reached and value is not None:
                errors[field] = _("This stage is not reached yet: leave its day empty.")
            if value is not None and previous is not None and value < previous:
                errors[field] = _("This day comes before the day of the stage before it.")
            if value is not None:
                previous = value
        if errors:
            raise ValidationError(errors)


class ElevatorConsent(TimestampedModel):
    """A household's answer in its building's elevator consultation."""

    project = models.ForeignKey(
        ElevatorProject, on_delete=models.PROTECT, related_name="consents",
        verbose_name=_("elevator addition"),
    )  # fmt: skip
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="elevator_consents",
        verbose_name=_("household"),
    )  # fmt: skip
    answer = models.CharField(_("answer"), max_length=10, choices=ConsentAnswer.choices)
    answered_on = models.DateField(_("answered on"), default=clock.today)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("elevator consent")
        verbose_name_plural = _("elevator consents")
        ordering = ["project", "household"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "household"],
                name="elevatorconsent_one_per_household",
                violation_error_message=_("This household has answered: change its answer."),
            ),
        ]

    def __str__(self):
        return f"{self.household}: {self.get_answer_display()}"

    def clean(self):
        if (
            self.project_id
            and self.household_id
            and self.household.building_id != self.project.building_id
        ):
            raise ValidationError({"household": _("This home is in another building.")})
        if errors := future_day_errors(answered_on=self.answered_on):
            raise ValidationError(errors)


class Survey(TimestampedModel):
    """A question put to a compound's households to choose between renovation options."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("compound")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    opens_on = models.DateField(_("opens on"), default=clock.today)
    closes_on = models.DateField(_("closes on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("oversight:survey_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The survey closes before it opens.")})

    def is_open(self, day=None) -> bool:
        day = day or clock.today()
        return self.opens_on <= day <= self.closes_on


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text


class SurveyOption(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="options",
        verbose_name=_("question"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("option"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey option")
        verbose_name_plural = _("survey options")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text


class SurveyAnswer(models.Model):
    """One household's answer to one question: a second answer replaces the first, with
    history."""

    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, related_name="answers",
        verbose_name=_("question"),
    )  # fmt: skip
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="survey_answers",
        verbose_name=_("household"),
    )  # fmt: skip
    option = models.ForeignKey(
        SurveyOption, on_delete=models.PROTECT, related_name="answers", verbose_name=_("option")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=SurveyChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), default=clock.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["question", "household"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "household"],
                name="surveyanswer_one_per_household",
                violation_error_message=_("This household has answered this question already."),
            ),
        ]

    def __str__(self):
        return f"{self.household}: {self.option}"

    def clean(self):
        errors = {}
        if self.option_id and self.question_id and self.option.question_id != self.question_id:
            errors["option"] = _("This option belongs to another question.")
        if (
            self.household_id
            and self.question_id
            and self.household.building.compound_id != self.question.survey.compound_id
        ):
            errors["household"] = _("This household lives in another compound.")
        if errors:
            raise ValidationError(errors)
