"""Who does the work (专班负责, 党建引领): the leading group and the task-force teams with their
members and the compounds they serve; the party organisations (temporary branches, help
groups) with their members and compounds; and the ledger of who takes part in the hygiene
campaign, with its activities."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import Effects, TimestampedModel, WithEffects
from common.validators import future_day_errors
from compounds.models import Community, Compound, Street

from .choices import ParticipantKind, PartyGroupKind, PartyUnit, TeamKind


class TaskForce(TimestampedModel):
    """The street's leading group (领导小组) or one team of its task force (工作专班), with its
    duties and the compounds it serves."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="task_forces", verbose_name=_("street")
    )
    kind = models.CharField(_("team"), max_length=30, choices=TeamKind.choices)
    name = models.CharField(_("name"), max_length=100)
    duties = models.TextField(_("duties"), blank=True, max_length=2000)
    compounds = models.ManyToManyField(
        Compound, blank=True, related_name="task_forces", verbose_name=_("compounds served")
    )
    history = HistoricalRecords(m2m_fields=[compounds])

    class Meta:
        verbose_name = _("task force team")
        verbose_name_plural = _("task force teams")
        ordering = ["street", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="taskforce_unique_name",
                violation_error_message=_("The street has a team of this name already."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("oversight:taskforce_detail", kwargs={"pk": self.pk})


class TaskForceMember(models.Model):
    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    position = models.CharField(
        _("position"), max_length=50, blank=True, help_text=_("For example 组长 or 成员.")
    )
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        ordering = ["task_force", "pk"]

    def __str__(self):
        return f"{self.task_force} {self.name}"


class PartyGroup(TimestampedModel):
    """A party organisation on the renovation: a temporary party branch of one or more
    compounds (临时党支部) or a group of party members such as a help group (党员帮帮团)."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="party_groups", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="party_groups",
        verbose_name=_("community"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=30, choices=PartyGroupKind.choices)
    name = models.CharField(_("name"), max_length=100)
    founded_on = models.DateField(_("founded on"))
    founded_precision = models.CharField(
        _("founding date known to"), max_length=5, default="day",
        choices=[("day", _("the day")), ("month", _("the month"))],
        help_text=_("For some organisations only the month of founding is known."),
    )  # fmt: skip
    description = models.TextField(_("what it does"), blank=True, max_length=2000)
    compounds = models.ManyToManyField(
        Compound, blank=True, related_name="party_groups", verbose_name=_("compounds covered")
    )
    history = HistoricalRecords(m2m_fields=[compounds])

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["street", "-founded_on", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("oversight:partygroup_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = future_day_errors(founded_on=self.founded_on)
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            errors["community"] = _("This community is in another street.")
        if errors:
            raise ValidationError(errors)


class PartyMember(models.Model):
    group = models.ForeignKey(
        PartyGroup, on_delete=models.CASCADE, related_name="members",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=50)
    unit_kind = models.CharField(_("comes from"), max_length=30, choices=PartyUnit.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    position = models.CharField(
        _("position"), max_length=50, blank=True, help_text=_("For example 书记 or 委员.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["group", "pk"]

    def __str__(self):
        return f"{self.group} {self.name}"


class Participant(WithEffects, TimestampedModel):
    """A line of the street's participation ledger (hygiene campaign, 楼院卫生环境治理): a
    community's committees, a property company (red property, 红色物业, where the party leads
    it), the building heads of a community, a volunteer team, or the active residents of a
    community, with how many people it brings."""

    effects = Effects(pages=True)  # the participation card, read live

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="participants", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="participants",
        verbose_name=_("community"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=30, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=100)
    people = models.PositiveIntegerField(
        _("people"), default=1, validators=[MinValueValidator(1)],
        help_text=_("How many people it brings to the campaign."),
    )  # fmt: skip
    red_property = models.BooleanField(
        _("red property (红色物业)"), default=False,
        help_text=_("A property company with party-building in its service."),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["street", "kind", "community", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "kind", "name"],
                name="participant_unique_name",
                violation_error_message=_("The ledger has this participant already."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.red_property and self.kind != ParticipantKind.PROPERTY_COMPANY:
            errors["red_property"] = _("Only a property company can be a red property.")
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            errors["community"] = _("This community is in another street.")
        if errors:
            raise ValidationError(errors)


class CampaignActivity(models.Model):
    """A day of the hygiene campaign: what was done where, and how many took part."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="campaign_activities",
        verbose_name=_("street"),
    )  # fmt: skip
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("community"),
    )  # fmt: skip
    date = models.DateField(_("date"))
    title = models.CharField(pgettext_lazy("activity", "what was done"), max_length=200)
    participants = models.PositiveIntegerField(_("people taking part"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self):
        if errors := future_day_errors(date=self.date):
            raise ValidationError(errors)
