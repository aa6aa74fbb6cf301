"""Forms of supervision: a record with its checklist, its corrections, and the members of a
residents' supervision group. Input validation only; the views hand cleaned_data to
oversight.supervision's services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import clock
from common.forms import DateInput, StyledFormMixin
from progress.choices import RaisedBy
from progress.forms import PhotosField

from . import rules
from .choices import SupervisionKind
from .models import SupervisionGroupMember, SupervisionRecord

EXTRA_ITEMS = 3
NOT_CHECKED, PASSED, FAILED = "", "passed", "failed"
RESULTS = [
    (PASSED, pgettext_lazy("check", "passed")),
    (FAILED, pgettext_lazy("check", "failed")),
    (NOT_CHECKED, _("not checked")),
]


class SupervisionRecordForm(StyledFormMixin, forms.Form):
    """A check of a compound on one screen: who checked, then each quality item passed or
    failed (with what was found), then who fixes what failed, by when."""

    compound = forms.ModelChoiceField(label=_("compound"), queryset=None)
    level = forms.ChoiceField(label=_("checked as"))
    kind = forms.ChoiceField(
        label=_("kind"), choices=SupervisionKind.choices, initial=SupervisionKind.ROUTINE
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    inspectors = forms.CharField(
        label=_("inspected by"),
        max_length=200,
        help_text=_("Who checked, with their unit, for example 李强（建业监理）."),
    )
    findings = forms.CharField(
        label=_("findings"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(
        label=_("who fixes what failed"),
        required=False,
        max_length=50,
        help_text=_("The compound's person in charge when left empty."),
    )
    responsible_unit = forms.CharField(label=_("responsible unit"), required=False, max_length=100)
    deadline = forms.DateField(
        label=_("to be fixed by"),
        required=False,
        widget=DateInput(),
        help_text=_("A week after the check when left empty."),
    )
    photos = PhotosField(label=_("photos"))

    def __init__(self, *args, compounds, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds
        self.fields["level"].choices = [
            (value, label) for value, label in RaisedBy.choices if value in levels
        ]
        self.items = []
        for index, item in enumerate(rules.QUALITY_CHECKLIST, start=1):
            self._add_item(index, item)
        for index in range(len(rules.QUALITY_CHECKLIST) + 1,
                           len(rules.QUALITY_CHECKLIST) + EXTRA_ITEMS + 1):  # fmt: skip
            self._add_item(index, None)
        if not self.is_bound:
            self.initial.setdefault("date", clock.today())

    def _add_item(self, index, item):
        """A quality item: fixed (from the checklist) or typed in (``item`` None)."""
        if item is None:
            self.fields[f"item_{index}"] = forms.CharField(
                label=_("another item"), required=False, max_length=200
            )
        self.fields[f"result_{index}"] = forms.ChoiceField(
            label=item or _("result"),
            choices=RESULTS,
            required=False,
            initial=NOT_CHECKED,
            widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        )
        self.fields[f"note_{index}"] = forms.CharField(
            label=_("what was found"),
            required=False,
            max_length=500,
            widget=forms.TextInput(
                attrs={"placeholder": _("What was found (needed when it failed)")}
            ),
        )
        self.items.append((index, item))

    def item_rows(self):
        """The checklist as rows for the template: (item label or its field, result, note)."""
        return [
            {
                "label": item,
                "item": None if item else self[f"item_{index}"],
                "result": self[f"result_{index}"],
                "note": self[f"note_{index}"],
            }
            for index, item in self.items
        ]

    def clean(self):
        data = super().clean()
        checks = []
        for index, item in self.items:
            result = data.get(f"result_{index}") or NOT_CHECKED
            note = (data.get(f"note_{index}") or "").strip()
            text = str(item) if item else (data.get(f"item_{index}") or "").strip()
            if item is None and result != NOT_CHECKED and not text:
                self.add_error(f"item_{index}", _("Name the item you checked."))
                continue
            if result == NOT_CHECKED:
                continue
            # On the item's own note field; the service refuses it too (rules.needs_note).
            if rules.needs_note(passed=result == PASSED, note=note):
                self.add_error(f"note_{index}", rules.FAILED_WITHOUT_NOTE)
                continue
            checks.append({"item": text, "passed": result == PASSED, "note": note})
        if not checks and not self.errors:
            raise forms.ValidationError(_("Mark at least one item passed or failed."))
        data["checks"] = checks
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "compound": data["compound"],
            "level": data["level"],
            "kind": data["kind"],
            "date": data["date"],
            "inspectors": data["inspectors"],
            "findings": data.get("findings", ""),
            "checks": data["checks"],
            "photos": data.get("photos") or [],
            "owner": data.get("owner", ""),
            "responsible_unit": data.get("responsible_unit", ""),
            "deadline": data.get("deadline"),
        }


class SupervisionRecordUpdateForm(StyledFormMixin, forms.ModelForm):
    """Correct who checked, when, and the findings; the checks stay as filed."""

    # Required by the service (common.rules.has_reason), which says so on this field.
    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=200, required=False
    )

    class Meta:
        model = SupervisionRecord
        fields = ["date", "inspectors", "findings"]
        widgets = {"date": DateInput(), "findings": forms.Textarea(attrs={"rows": 3})}


class GroupMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupervisionGroupMember
        fields = ["name", "kind", "user", "joined_on", "active"]
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].required = False

    def validate_unique(self):
        """The service checks the account joins once (the form has no compound)."""
