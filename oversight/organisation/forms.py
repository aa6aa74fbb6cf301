"""Forms of the organisation: the leading group and task-force teams, party organisations,
their members, and the participation ledger with its activities. Input validation only; the
views hand cleaned_data to oversight.organisation's services."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.forms import BoundedModelMultipleChoiceField, DateInput, StyledFormMixin

from .models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)


class CompoundsWidget(forms.CheckboxSelectMultiple):
    template_name = "oversight/organisation/widgets/compound_checkboxes.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "form-check-input", **(attrs or {})}, choices=choices)


class CompoundsField(BoundedModelMultipleChoiceField):
    """Compounds to tick, each shown with its community."""

    widget = CompoundsWidget

    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.community.name}"


class StreetFormMixin:
    """A record of a street: the street is chosen on creation only (hidden when the user has
    one street) and stays afterwards."""

    def setup_street(self, streets):
        if self.instance.pk:
            del self.fields["street"]
            return
        self.fields["street"].queryset = streets
        self.fields["street"].empty_label = None
        choices = list(streets)
        if len(choices) == 1:
            self.initial.setdefault("street", choices[0].pk)
            self.fields["street"].widget = forms.HiddenInput()


class TaskForceForm(StreetFormMixin, StyledFormMixin, forms.ModelForm):
    compounds = CompoundsField(
        label=capfirst(TaskForce._meta.get_field("compounds").verbose_name),
        queryset=None,
        required=False,
        help_text=_("Tick the compounds this team works on."),
    )

    class Meta:
        model = TaskForce
        fields = ["street", "kind", "name", "duties", "compounds"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, streets, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_street(streets)
        self.fields["compounds"].queryset = compounds

    def validate_unique(self):
        """The service saves with the full check; the street's name clash is reported then."""


class TaskForceMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TaskForceMember
        fields = ["name", "unit", "position", "duty"]


class PartyGroupForm(StreetFormMixin, StyledFormMixin, forms.ModelForm):
    compounds = CompoundsField(
        label=capfirst(PartyGroup._meta.get_field("compounds").verbose_name),
        queryset=None,
        required=False,
        help_text=_("A temporary party branch covers at least one compound."),
    )

    class Meta:
        model = PartyGroup
        fields = [
            "street",
            "kind",
            "community",
            "name",
            "founded_on",
            "founded_precision",
            "description",
            "compounds",
        ]
        widgets = {
            "founded_on": DateInput(),
            "founded_precision": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "founded_precision": _(
                "When only the month is known, pick any day of it and choose “the month”."
            ),
        }

    def __init__(self, *args, streets, communities, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_street(streets)
        self.fields["community"].queryset = communities
        self.fields["community"].empty_label = _("none (the whole street)")
        self.fields["compounds"].queryset = compounds


class PartyMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PartyMember
        fields = ["name", "unit_kind", "unit", "position"]
        help_texts = {"unit": _("The firm's name, for a member from a design firm or builder.")}


class ParticipantForm(StreetFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["street", "kind", "community", "name", "people", "red_property"]
        widgets = {"people": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1})}
        help_texts = {
            "name": _("For example 经五路社区楼栋长, or the company's or team's name."),
        }

    def __init__(self, *args, streets, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_street(streets)
        self.fields["community"].queryset = communities
        self.fields["community"].empty_label = _("none (street-wide)")

    def validate_unique(self):
        """The service saves with the full check; a name already in the ledger is reported
        then."""


class CampaignActivityForm(StreetFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CampaignActivity
        fields = ["street", "community", "date", "title", "participants"]
        widgets = {
            "date": DateInput(),
            "participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }

    def __init__(self, *args, streets, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_street(streets)
        self.fields["community"].queryset = communities
        self.fields["community"].empty_label = _("the whole street")
