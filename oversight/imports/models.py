"""Imports of a street's registers: each upload is a record (who, when, the file itself, what
its preview found, what it wrote), and the mapping of an office's own headings is remembered for
its next file of the same kind."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import CreatedModel, TimestampedModel
from compounds.models import Street


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("columns to choose")
    PREVIEWING = "previewing", _("being checked")
    PREVIEWED = "previewed", _("checked, waiting for confirmation")
    REFUSED = "refused", _("has errors")
    IMPORTING = "importing", _("being imported")
    IMPORTED = "imported", pgettext_lazy("import status", "imported")
    FAILED = "failed", _("failed")


def _import_file_path(instance, filename):
    return f"imports/{instance.created:%Y/%m}/{instance.created:%Y%m%d-%H%M%S}-{filename[-60:]}"


class RegisterImport(CreatedModel):
    """One file a user imported (or tried to): its sheets as read, the columns' mapping, the
    preview's counts, changes and errors, and the counts it wrote once confirmed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("street"),
        help_text=_("The street the rows belong to, unless a row names its own."),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to=_import_file_path)
    file_name = models.CharField(_("file name"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    # The rows as the preview read them (spool.py), for the import that follows; removed once
    # it has run.
    spool = models.FileField(upload_to="imports/spool/", blank=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, blank=True, help_text=_("Empty: guessed from each sheet.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    sheets = models.JSONField(_("sheets"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    counts = models.JSONField(_("records written"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created"]
        permissions = [("import_staff", _("Can import staff accounts"))]

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def reason(self) -> str:
        """What the records it wrote say in their history (stored in English, shown translated:
        common.reasons)."""
        return f"register import #{self.pk}"


class ColumnMapping(TimestampedModel):
    """What a street's own heading means in a kind of sheet, as a user chose it once."""

    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("street"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20)
    heading = models.CharField(_("heading"), max_length=200)
    field = models.CharField(_("field"), max_length=50, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("chosen by"),
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        # One meaning per heading: per street, and once for the imports without a street (a
        # city-wide user's); two partial constraints, which both databases hold.
        constraints = [
            models.UniqueConstraint(
                fields=["street", "kind", "heading"],
                condition=models.Q(street__isnull=False),
                name="columnmapping_unique_heading",
            ),
            models.UniqueConstraint(
                fields=["kind", "heading"],
                condition=models.Q(street__isnull=True),
                name="columnmapping_unique_heading_no_street",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.heading} → {self.field or '—'}"
