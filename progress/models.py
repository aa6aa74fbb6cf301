import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import clock
from common.models import CreatedModel, Effects, TimestampedModel, WithEffects
from common.validators import future_day_errors
from compounds.models import Building, Compound

from . import rules
from .choices import (
    DayKind,
    RaisedBy,
    RectificationSource,
    RectificationStatus,
    ReportKind,
    ReportStatus,
    Unit,
    WorkCategory,
)


class CalendarDay(WithEffects, models.Model):
    """An exception to the working week: an official holiday, or a make-up working day (调休).

    Filled by a migration from the State Council's yearly notices; editable in the admin.
    """

    effects = Effects(dates=True)  # every compound's working calendar

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("occasion"), max_length=50, help_text=_("For example 春节."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name} ({self.get_kind_display()})"

    def effect_compound_ids(self):
        return None  # every compound


class WorkItem(WithEffects, TimestampedModel):
    """One thing a compound's renovation does (改造内容), optionally for one building."""

    effects = Effects(parts={"demolition"})

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="work_items", verbose_name=_("compound")
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        related_name="work_items",
        null=True,
        blank=True,
        verbose_name=_("building"),
        help_text=_("Leave empty for work on the whole compound."),
    )
    category = models.CharField(_("category"), max_length=30, choices=WorkCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    planned_quantity = models.DecimalField(
        _("planned quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text=_("How much the item counts in the compound's progress; equal by default."),
    )
    done_quantity = models.DecimalField(
        _("quantity done"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    planned_area = models.DecimalField(
        _("planned area (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Where the work is also counted in m² beside its unit (demolition: 处 and m²)."
        ),
    )
    done_area = models.DecimalField(
        _("area done (m²)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    repeat_reason = models.TextField(
        _("reason for renovating this again"),
        blank=True,
        help_text=_("Needed when the same work is already planned here: renovate at most once."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["compound", "category", "building", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_quantity__gte=0), name="workitem_done_not_negative"
            ),
        ]

    def __str__(self):
        where = f" {self.building.number}" if self.building_id else ""
        return f"{self.compound}{where} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("progress:compound_progress", kwargs={"pk": self.compound_id})

    def clean(self):
        errors = {}
        if self.building_id and self.compound_id and self.building.compound_id != self.compound_id:
            errors["building"] = _("This building belongs to another compound.")
        if self.compound_id and self.category and not self.repeat_reason.strip():
            twins = WorkItem.objects.filter(
                compound_id=self.compound_id, building_id=self.building_id, category=self.category
            ).exclude(pk=self.pk)
            if twins.exists():
                errors["repeat_reason"] = _(
                    "This work is already planned here. Renovate each thing at most once, or "
                    "write down why it must be done again."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def progress(self):
        return rules.item_progress(self.done_quantity, self.planned_quantity)


class Milestone(WithEffects, TimestampedModel):
    """A step of a compound's schedule (工程节点), done in order and planned backwards from the
    plan's deadline (倒排工期)."""

    effects = Effects(parts={"day"})  # late to start, overdue

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("compound")
    )
    order = models.PositiveSmallIntegerField(_("order"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    owner = models.CharField(_("owner"), max_length=50, help_text=_("Who answers for this step."))
    duration = models.PositiveSmallIntegerField(
        _("duration (working days)"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    # Derived from the reverse schedule and the actual dates, kept up to date on write
    # (figures.refresh_schedules): the step is overdue once today is past ``overdue_after``.
    latest_start = models.DateField(_("latest start"), null=True, blank=True, editable=False)
    latest_finish = models.DateField(_("latest finish"), null=True, blank=True, editable=False)
    overdue_after = models.DateField(_("overdue after"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["latest_start", "latest_finish", "overdue_after"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["compound", "order"]
        indexes = [models.Index(fields=["overdue_after", "compound"])]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "order"],
                name="milestone_unique_order",
                violation_error_message=_("This compound already has a milestone at that place."),
            ),
        ]

    def __str__(self):
        return f"{self.compound} {self.order}. {self.name}"

    # Written only by figures.refresh_schedules, like the compound's derived figures.
    DERIVED_FIELDS = frozenset({"latest_start", "latest_finish", "overdue_after"})

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.DERIVED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("progress:compound_progress", kwargs={"pk": self.compound_id})

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            errors["planned_finish"] = _("The finish comes before the start.")
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            errors["actual_finish"] = _("The finish comes before the start.")
        if self.actual_finish and not self.actual_start:
            errors["actual_start"] = _("A finished step needs its start date.")
        if errors:
            raise ValidationError(errors)


class DailyLog(TimestampedModel):
    """A compound's day on site (日调度): what was done, who worked, the dust and safety
    checks, and the problems found. One per compound and day."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="daily_logs", verbose_name=_("compound")
    )
    date = models.DateField(_("date"))
    workers = models.PositiveSmallIntegerField(
        _("workers on site"), default=0, validators=[MaxValueValidator(2000)]
    )
    covered = models.BooleanField(_("bare soil and materials covered"), default=False)
    wet_work = models.BooleanField(_("wet work against dust"), default=False)
    vehicle_washing = models.BooleanField(_("vehicles washed on leaving"), default=False)
    hoarding = models.BooleanField(_("site hoarding in place"), default=False)
    safety_patrol = models.BooleanField(_("safety patrol done"), default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    problems = models.TextField(_("problems found"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    history = HistoricalRecords()

    CHECKLIST = ("covered", "wet_work", "vehicle_washing", "hoarding", "safety_patrol")

    class Meta:
        verbose_name = _("daily log")
        verbose_name_plural = _("daily logs")
        ordering = ["-date", "compound"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "date"],
                name="dailylog_one_per_day",
                violation_error_message=_(
                    "This compound already has a log for that day: open it and change it instead."
                ),
            ),
        ]
        indexes = [models.Index(fields=["date", "compound"])]

    def __str__(self):
        return f"{self.compound} {self.date}"

    def get_absolute_url(self):
        return reverse("progress:dailylog_detail", kwargs={"pk": self.pk})

    def clean(self):
        if errors := future_day_errors(date=self.date):
            raise ValidationError(errors)


class DailyLogEntry(models.Model):
    """The quantity of one work item done on the day of a log; the item's total derives from
    its entries."""

    log = models.ForeignKey(
        DailyLog, on_delete=models.CASCADE, related_name="entries", verbose_name=_("daily log")
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, related_name="entries", verbose_name=_("work item")
    )
    quantity = models.DecimalField(
        _("quantity done that day"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    area = models.DecimalField(
        _("area done that day (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    excess_reason = models.CharField(
        _("reason for going past the plan"), max_length=200, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily log entry")
        verbose_name_plural = _("daily log entries")
        ordering = ["log", "work_item"]
        constraints = [
            models.UniqueConstraint(fields=["log", "work_item"], name="dailylogentry_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="dailylogentry_quantity_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.log}: {self.work_item.get_category_display()} {self.quantity}"


def _photo_path(instance, filename):
    return f"logs/{instance.log.date:%Y/%m}/{instance.log_id}-{filename}"


class DailyLogPhoto(CreatedModel):
    """A site photo of a day's log, re-encoded on upload (see progress.photos)."""

    log = models.ForeignKey(
        DailyLog, on_delete=models.CASCADE, related_name="photos", verbose_name=_("daily log")
    )
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        ordering = ["log", "pk"]

    def __str__(self):
        return f"{self.log} #{self.pk}"


class WeeklyMeeting(TimestampedModel):
    """The street command centre's weekly meeting (周例会), which settles problems."""

    street = models.ForeignKey(
        "compounds.Street",
        on_delete=models.PROTECT,
        related_name="weekly_meetings",
        verbose_name=_("street"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.TextField(_("attendees"), blank=True, max_length=2000)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    minutes = models.TextField(_("minutes"), blank=True, max_length=10000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekly meeting")
        verbose_name_plural = _("weekly meetings")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "date"],
                name="weeklymeeting_one_per_day",
                violation_error_message=_("This street already has a meeting on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date})"

    def get_absolute_url(self):
        return reverse("progress:meeting_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.date and self.date > clock.today() + datetime.timedelta(days=60):
            raise ValidationError({"date": _("Plan meetings at most two months ahead.")})


class Rectification(WithEffects, TimestampedModel):
    """A problem to fix (整改), from any source, followed until it is resolved.

    Weekly meetings raise them and list every earlier one still unresolved; supervision,
    district inspections and residents' opinions add theirs to the same register. ``origin``
    is the record that raised it (a supervision check, an inspection requirement, an
    opinion); ``level`` is who raised it, and someone of that level verifies the fix.
    """

    effects = Effects(parts={"day"})  # overdue problems

    source = models.CharField(
        _("source"),
        max_length=20,
        choices=RectificationSource.choices,
        default=RectificationSource.WEEKLY_MEETING,
    )
    compound = models.ForeignKey(
        Compound,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("compound"),
    )
    meeting = models.ForeignKey(
        WeeklyMeeting,
        on_delete=models.PROTECT,
        related_name="raised",
        null=True,
        blank=True,
        verbose_name=_("raised at meeting"),
    )
    level = models.CharField(
        _("raised by"), max_length=20, choices=RaisedBy.choices, default=RaisedBy.STREET,
        db_index=True,
        help_text=_("The level that raised it; someone of that level verifies the fix."),
    )  # fmt: skip
    origin_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("raised by record of type"),
    )  # fmt: skip
    origin_id = models.PositiveBigIntegerField(_("raised by record"), null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("raised by user"),
    )  # fmt: skip
    description = models.TextField(_("what is wrong"), max_length=2000)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    owner = models.CharField(_("owner"), max_length=50)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        db_index=True,
    )
    resolution = models.TextField(_("resolution"), blank=True, max_length=4000)
    closed_on = models.DateField(_("resolved on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("verified by"),
    )  # fmt: skip
    verification_note = models.TextField(
        _("verifier's note"), blank=True, max_length=2000,
        help_text=_("What the verifier found; needed when the fix is sent back."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["origin_type", "origin_id"]),
            # The dashboard's open problems by source and level, their deadlines and ages:
            # read from the few unresolved rows, not the whole register.
            models.Index(
                fields=["source", "level", "deadline", "created"],
                condition=Q(status__in=sorted(rules.UNRESOLVED)),
                name="rectification_unresolved",
            ),
        ]
        permissions = [
            (
                "verify_rectification",
                _("Can verify the fix of problems raised at the role's level"),
            ),
        ]

    def __str__(self):
        return f"{self.compound}: {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("progress:rectification_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.status == RectificationStatus.SUBMITTED and not self.resolution.strip():
            errors["resolution"] = _("Say what was done before submitting it for verification.")
        if self.status in rules.NOTED_STATUSES and not self.verification_note.strip():
            errors["verification_note"] = _("Say what is still wrong when sending it back.")
        if self.status == RectificationStatus.CLOSED:
            if not self.resolution.strip():
                errors["resolution"] = _("Say how the problem was resolved.")
            if self.closed_on is None:
                errors["closed_on"] = _("A resolved problem needs the day it was resolved.")
        elif self.closed_on is not None:
            errors["closed_on"] = _("Only a resolved problem has a resolution day.")
        if (
            self.meeting_id
            and self.compound_id
            and self.meeting.street_id != self.compound.community.street_id
        ):
            errors["compound"] = _("This compound is in another street than the meeting.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self):
        return rules.is_overdue(status=self.status, deadline=self.deadline, today=clock.today())


def _report_path(instance, filename):
    return f"reports/{instance.street_id}/{instance.kind}-{instance.period_start:%Y%m%d}.xlsx"


class Report(CreatedModel):
    """A weekly report (周报) or monthly summary (月总结) of a street, built by a Celery task
    into a spreadsheet; the monthly one carries the notes of the on-site review meeting."""

    street = models.ForeignKey(
        "compounds.Street", on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("street"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to=_report_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    review_notes = models.TextField(
        _("notes of the on-site review meeting (现场总结观摩会)"), blank=True, max_length=10000
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("requested by"),
    )  # fmt: skip
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "kind", "period_start"],
                name="report_one_per_period",
                violation_error_message=_("This report exists already: rebuild it instead."),
            ),
        ]

    def __str__(self):
        return f"{self.street} {self.get_kind_display()} {self.period_start}–{self.period_end}"


class Notice(WithEffects, CreatedModel):
    """An in-app notice to a user (a reminder of a missing log, an overdue milestone)."""

    effects = Effects(pages=True)  # the unread count in the header

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
        verbose_name=_("user"),
    )  # fmt: skip
    key = models.CharField(
        _("key"), max_length=100, help_text=_("What the notice is about, so it is sent once.")
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_key"),
        ]

    def __str__(self):
        return self.message
