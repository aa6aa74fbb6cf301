from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from common import clock
from common.effects import ALL as ALL_FIGURES
from common.models import CreatedModel, Effects, EffectsQuerySet, TimestampedModel, WithEffects

from . import rules
from .choices import CommunityKind, CompoundStatus, ManagementMode

NON_NEGATIVE = [MinValueValidator(0)]


class Street(CreatedModel):
    """A street office (街道办事处): the level that runs a renovation programme."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(WithEffects, CreatedModel):
    """A community or village (社区/村) of a street; its staff look after its compounds."""

    effects = Effects(pages=True)  # its name on cached pages

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommunityKind.choices, default=CommunityKind.COMMUNITY
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="community_unique_name",
                violation_error_message=_("This street already has a community of that name."),
            ),
        ]

    def __str__(self):
        return self.name


class RenovationPlan(WithEffects, CreatedModel):
    """A street's yearly batch of compounds to renovate (改造计划), with its deadline."""

    # its name and deadline on cached pages; its compounds' schedules end at the deadline
    effects = Effects(pages=True, dates=True)

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="plans", verbose_name=_("street")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    target_completion_date = models.DateField(_("target completion date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("renovation plan")
        verbose_name_plural = _("renovation plans")
        ordering = ["-year", "street__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"],
                name="plan_unique_year",
                violation_error_message=_("This street already has a plan for that year."),
            ),
        ]

    def __str__(self):
        return self.name

    def effect_compound_ids(self):
        return list(self.compounds.values_list("pk", flat=True)) if self.pk else []

    def clean(self):
        if (
            self.target_completion_date
            and self.year
            and self.target_completion_date.year < self.year
        ):
            raise ValidationError(
                {
                    "target_completion_date": _(
                        "The target completion date lies before the plan's year."
                    )
                }
            )


class CompoundQuerySet(EffectsQuerySet):
    def with_figures(self):
        """Annotate the figures that derive from the compound's buildings.

        The buildings are the one source of truth for a compound's building count, households
        and floor area.
        """
        return self.annotate(
            building_count=Count("buildings"),
            household_count=Coalesce(Sum("buildings__households"), 0),
            total_floor_area=Coalesce(
                Sum("buildings__floor_area"),
                0,
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            ),
        )

    def started(self):
        return self.filter(status__in=rules.STARTED_STATUSES)

    def not_started(self):
        return self.exclude(status__in=rules.STARTED_STATUSES)


class Compound(WithEffects, TimestampedModel):
    """A residential compound (楼院) in a renovation plan."""

    # every figure of its (plan, community) row, and of the row it left; its schedule
    effects = Effects(parts=ALL_FIGURES, dates=True)

    plan = models.ForeignKey(
        RenovationPlan,
        on_delete=models.PROTECT,
        related_name="compounds",
        verbose_name=_("renovation plan"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    year_built = models.PositiveSmallIntegerField(
        _("year built"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CompoundStatus.choices,
        default=CompoundStatus.PLANNED,
        db_index=True,
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    is_demonstration = models.BooleanField(
        _("demonstration compound"),
        default=False,
        help_text=_("A model compound (示范院) that others visit."),
    )
    person_in_charge = models.CharField(
        _("person in charge"),
        max_length=50,
        blank=True,
        help_text=_("The one person answerable for the project (专人负责)."),
    )
    person_in_charge_phone = PhoneNumberField(_("phone of the person in charge"), blank=True)
    contact_person = models.CharField(
        _("contact person"),
        max_length=50,
        blank=True,
        help_text=_("The one person residents and builders deal with (专人对接)."),
    )
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    had_no_manager = models.BooleanField(
        _("unmanaged before renovation"),
        default=False,
        help_text=_("The compound had no manager or property company before (无主管楼院)."),
    )
    management_mode = models.CharField(
        _("management after renovation"),
        max_length=20,
        choices=ManagementMode.choices,
        default=ManagementMode.NONE,
    )
    property_company = models.CharField(_("property company"), max_length=200, blank=True)
    yearly_fee_per_household = models.DecimalField(
        _("yearly fee per household (yuan)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    notes = models.TextField(_("notes"), blank=True)
    # Where the compound is, in degrees (WGS-84 / CGCS2000, as 天地图 draws them); six decimals
    # are ten centimetres. Both or neither (rules.location_errors).
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,  # as the longitude, so that a swapped pair reaches the check that says so
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Degrees north, e.g. 34.7812 (WGS-84, as 天地图 uses)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Degrees east, e.g. 113.6608."),
    )
    # Figures derived from the progress records and kept up to date on the writes that change
    # them (progress.services.refresh_*), so that the dashboard and the lists never scan the
    # logs or replay schedules. They are not edits: history leaves them out.
    progress = models.DecimalField(
        _("progress"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Share of the planned work done, weighted, from 0 to 1."),
    )
    last_log_on = models.DateField(_("last daily log"), null=True, blank=True, editable=False)
    latest_start = models.DateField(
        _("latest start"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last day work may start to meet the plan's deadline (倒排工期)."),
    )
    history = HistoricalRecords(excluded_fields=["progress", "last_log_on", "latest_start"])

    objects = CompoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["community__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="compound_unique_name_in_plan",
                violation_error_message=_("This plan already has a compound of that name."),
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["status", "latest_start"]),
            models.Index(fields=["started_on"]),
        ]

    def __str__(self):
        return self.name

    # Written only by the refresh services (bulk_update / update); every other save of a loaded
    # compound leaves them alone, so a stale copy can never put back an old figure.
    DERIVED_FIELDS = frozenset({"progress", "last_log_on", "latest_start"})

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.DERIVED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("compounds:compound_detail", kwargs={"pk": self.pk})

    def effect_compound_ids(self):
        return [self.pk] if self.pk else []

    def effects_before_write(self):
        """The (plan, community) row the compound was counted in before this write."""
        if self._state.adding or not self.pk:
            return None
        return Compound.objects.filter(pk=self.pk).values_list("plan_id", "community_id").first()

    def effect_keys(self, before) -> set:
        keys = {(self.plan_id, self.community_id)}
        return keys | {before} if before else keys

    def clean(self):
        errors = rules.compound_date_errors(
            status=self.status,
            started_on=self.started_on,
            completed_on=self.completed_on,
            accepted_on=self.accepted_on,
            today=clock.today(),
        )
        for field, messages in rules.location_errors(
            latitude=self.latitude, longitude=self.longitude
        ).items():
            errors.setdefault(field, []).extend(messages)
        if self.plan_id and self.community_id and self.plan.street_id != self.community.street_id:
            errors.setdefault("plan", []).append(
                _("This plan belongs to another street than the compound's community.")
            )
        if self.management_mode == ManagementMode.NONE and self.yearly_fee_per_household:
            errors.setdefault("yearly_fee_per_household", []).append(
                _("A compound with no management has no management fee.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_started(self):
        return rules.is_started(self.status)

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None


class Building(WithEffects, TimestampedModel):
    """A building (楼栋) of a compound: the source of its households and floor area."""

    effects = Effects(parts={"buildings"})

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("compound")
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("For example 3号楼."))
    floors = models.PositiveSmallIntegerField(
        _("floors"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    units = models.PositiveSmallIntegerField(
        _("units (entrances)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    households = models.PositiveIntegerField(
        _("households"), validators=[MinValueValidator(0), MaxValueValidator(5000)]
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    has_elevator = models.BooleanField(_("has an elevator"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["compound", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "number"],
                name="building_unique_number",
                violation_error_message=_("This compound already has a building with that number."),
            ),
            models.CheckConstraint(
                condition=Q(floor_area__gte=0), name="building_floor_area_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.compound} {self.number}"

    def get_absolute_url(self):
        return reverse("compounds:compound_detail", kwargs={"pk": self.compound_id})


class Assignment(WithEffects, models.Model):
    """Where a user works: a street, a community or (for a resident supervisor) a compound.

    The user's role is their group; the assignment is the scope that role applies to.
    """

    effects = Effects(pages=True)  # the scope of what a user's cached pages show

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignment",
        verbose_name=_("user"),
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("community")
    )
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("compound")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work assignment")
        verbose_name_plural = _("work assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(street__isnull=False, community__isnull=True, compound__isnull=True)
                    | Q(street__isnull=True, community__isnull=False, compound__isnull=True)
                    | Q(street__isnull=True, community__isnull=True, compound__isnull=False)
                ),
                name="assignment_exactly_one_scope",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.street or self.community or self.compound}"

    def clean(self):
        if sum(x is not None for x in (self.street_id, self.community_id, self.compound_id)) != 1:
            raise ValidationError(_("Choose exactly one of street, community or compound."))
