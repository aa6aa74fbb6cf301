from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import images
from common.forms import DateInput, StyledFormMixin, style_form

from . import rules
from .choices import RectificationStatus, ReportKind
from .models import DailyLog, Milestone, Rectification, Report, WeeklyMeeting, WorkItem
from .photos import NOT_TAKEN, clean_photo, photo_refusal


def _shown(value, unit) -> str:
    """A quantity as the pages show it (progress.rules.quantity_shown), for a hint."""
    shown = rules.quantity_shown(value, unit)
    return str(shown) if isinstance(shown, int) else f"{shown.normalize():f}"


class WorkItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = [
            "category",
            "building",
            "description",
            "planned_quantity",
            "unit",
            "planned_area",
            "weight",
            "repeat_reason",
        ]
        widgets = {
            "planned_quantity": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            "weight": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
            "repeat_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = compound.buildings.order_by("number")


class MilestoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "order",
            "name",
            "owner",
            "duration",
            "planned_start",
            "planned_finish",
            "actual_start",
            "actual_finish",
        ]
        widgets = {
            "order": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "duration": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "planned_start": DateInput(),
            "planned_finish": DateInput(),
            "actual_start": DateInput(),
            "actual_finish": DateInput(),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once, each checked and re-encoded by progress.photos.clean_photo, all
    charged to one decoding budget (common.images.DecodeBudget) for the form.

    Once the budget is spent, the photos after it are not taken: the form keeps the photos
    before them, and ``notices`` (read by common.forms.form_notices, shown once the form is
    saved) names each photo left out and says what to do. A photo refused for itself (not a
    photo, too large) is an error of the field, as is every photo left out with it."""

    widget = MultipleFileInput
    notices: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        self.notices = ()
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(count)d photos at a time.") % {"count": MAX_PHOTOS}
            )
        budget = images.DecodeBudget.from_settings()
        cleaned, errors, not_taken = [], [], []
        for upload in files:
            if not_taken or budget.spent:
                not_taken.append(upload.name)
                continue
            try:
                cleaned.append(clean_photo(upload, budget=budget))
            except forms.ValidationError as error:
                if error.code == NOT_TAKEN:
                    not_taken.append(upload.name)
                else:
                    errors.append(f"{upload.name}: {' '.join(error.messages)}")
        left_out = []
        if not_taken:
            refusal = " ".join(photo_refusal(NOT_TAKEN).messages)
            left_out = [too_many_photos(len(cleaned))]
            left_out += [f"{name}: {refusal}" for name in not_taken]
        if errors:
            raise forms.ValidationError(errors + left_out)
        self.notices = tuple(left_out)
        return cleaned


def too_many_photos(fitted: int) -> str:
    """The sentence telling which photos one form took, when the rest did not fit."""
    return ngettext(
        "Only the first photo fits in one form; the others were not taken. Send them "
        "separately, or make them smaller.",
        "Only the first %(count)d photos fit in one form; the others were not taken. Send them "
        "separately, or make them smaller.",
        fitted,
    ) % {"count": fitted}


MAX_PHOTOS = 9


class DailyLogForm(StyledFormMixin, forms.Form):
    """A day's log on one phone screen: a quantity per work item, then the checks.

    ``previous`` (a log) fills the quantities and checks, for "copy yesterday".
    """

    date = forms.DateField(label=_("date"), widget=DateInput())
    workers = forms.IntegerField(
        label=_("workers on site"),
        min_value=0,
        max_value=2000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    covered = forms.BooleanField(label=_("bare soil and materials covered"), required=False)
    wet_work = forms.BooleanField(label=_("wet work against dust"), required=False)
    vehicle_washing = forms.BooleanField(label=_("vehicles washed on leaving"), required=False)
    hoarding = forms.BooleanField(label=_("site hoarding in place"), required=False)
    safety_patrol = forms.BooleanField(label=_("safety patrol done"), required=False)
    problems = forms.CharField(
        label=_("problems found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    excess_reason = forms.CharField(
        label=_("Reason for going past the plan"),
        required=False,
        max_length=200,
        help_text=_("Only when a quantity takes a work item past what was planned."),
    )
    photos = PhotosField(label=_("site photos"), help_text=_("JPEG or PNG, up to 9 at a time."))
    change_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=200,
        help_text=_("Needed for logs older than yesterday; kept in the log's history."),
    )

    def __init__(self, *args, compound, log=None, previous=None, totals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(compound.work_items.select_related("building").order_by("category", "pk"))
        totals = totals or {}
        source = log or previous
        entries = {e.work_item_id: e for e in source.entries.all()} if source else {}
        if log is not None:
            del self.fields["date"]
        else:
            del self.fields["change_reason"]
        if source is not None and not self.is_bound:
            self.initial.update(
                {name: getattr(source, name) for name in ("workers", *DailyLog.CHECKLIST)}
            )
        for item in self.items:
            name = f"qty_{item.pk}"
            where = f" · {item.building.number}" if item.building_id else ""
            done = totals.get(item.pk) or 0
            self.fields[name] = forms.DecimalField(
                label=f"{item.get_category_display()}{where}",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                help_text=_("%(done)s of %(planned)s %(unit)s done before this day")
                % {
                    "done": _shown(done, item.unit),
                    "planned": _shown(item.planned_quantity, item.unit),
                    "unit": item.get_unit_display(),
                },
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            )
            # Copying yesterday skips work already finished: it would only go past the plan.
            finished = log is None and Decimal(done) >= item.planned_quantity
            if item.pk in entries and not self.is_bound and not finished:
                self.initial[name] = entries[item.pk].quantity
            if item.planned_area is not None:
                area_name = f"area_{item.pk}"
                self.fields[area_name] = forms.DecimalField(
                    label=_("%(item)s: area (m²)") % {"item": item.get_category_display()},
                    required=False,
                    min_value=0,
                    max_digits=12,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
                )
                if item.pk in entries and not self.is_bound and not finished:
                    self.initial[area_name] = entries[item.pk].area
        style_form(self)

    def quantity_fields(self):
        fields = []
        for item in self.items:
            fields.append(self[f"qty_{item.pk}"])
            if f"area_{item.pk}" in self.fields:
                fields.append(self[f"area_{item.pk}"])
        return fields

    def checklist_fields(self):
        return [self[name] for name in DailyLog.CHECKLIST]

    def service_arguments(self) -> dict:
        """Return cleaned_data shaped for the daily-log services."""
        data = dict(self.cleaned_data)
        data["quantities"] = {item: data.pop(f"qty_{item.pk}") for item in self.items}
        data["areas"] = {
            item: data.pop(f"area_{item.pk}") for item in self.items if f"area_{item.pk}" in data
        }
        data["reason"] = data.pop("change_reason", "")
        return data


class WeeklyMeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = WeeklyMeeting
        fields = ["street", "date", "title", "attendees", "agenda", "minutes"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["street"]
        else:
            self.fields["street"].queryset = streets
            if streets.count() == 1:
                self.initial.setdefault("street", streets.first())


class RectificationForm(StyledFormMixin, forms.ModelForm):
    """Raise a problem: what is wrong, who fixes it, by when. It starts open."""

    class Meta:
        model = Rectification
        fields = ["compound", "description", "responsible_unit", "owner", "deadline"]
        widgets = {
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds


class RectificationWorkForm(StyledFormMixin, forms.ModelForm):
    """The responsible side's follow-up: the details, being fixed, submitted with what was
    done. The status offers only the moves that are theirs to make."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=200
    )

    class Meta:
        model = Rectification
        fields = [
            "compound",
            "description",
            "responsible_unit",
            "owner",
            "deadline",
            "status",
            "resolution",
        ]
        widgets = {
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds
        allowed = rules.responsible_statuses(self.instance.status)
        self.fields["status"].choices = [
            (value, label) for value, label in RectificationStatus.choices if value in allowed
        ]
        self.fields["resolution"].help_text = _(
            "What was done: needed to submit the fix for verification."
        )


class RectificationVerifyForm(StyledFormMixin, forms.Form):
    """The verifying level's word on a fix."""

    verdict = forms.ChoiceField(label=_("Your verdict"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What you found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you send it back: say what is still wrong."),
    )
    on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day you checked it; today when left empty."),
    )

    LABELS = {
        "close": _("The fix holds: close it"),
        "send_back": _("Not fixed: send it back"),
        "reopen": _("It did not hold: reopen it"),
    }

    def __init__(self, *args, rectification, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [
            (verdict, self.LABELS[verdict]) for verdict in rules.verdicts_from(rectification.status)
        ]


class ReportRequestForm(StyledFormMixin, forms.Form):
    street = forms.ModelChoiceField(label=_("street"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=ReportKind.choices)
    day = forms.DateField(
        label=_("a day of the period"),
        widget=DateInput(),
        help_text=_("The report covers the week (Monday to Sunday) or month holding this day."),
    )

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        if streets.count() == 1:
            self.initial.setdefault("street", streets.first())


class ReviewNotesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["review_notes"]
        widgets = {"review_notes": forms.Textarea(attrs={"rows": 5})}
