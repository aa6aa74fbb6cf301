"""Forms of the district inspections: the visit, a requirement, the street's answer. Input
validation only; the views hand cleaned_data to oversight.inspections' services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    DateInput,
    StyledFormMixin,
)
from compounds.models import Compound

from .models import Inspection, InspectionRequirement


class CompoundChoiceField(BoundedModelMultipleChoiceField):
    """The compounds of the inspected street, each with its community."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.community.name}）"


class OneCompoundField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.community.name}）"


class InspectionForm(StyledFormMixin, forms.ModelForm):
    """The inspection group's record of a visit; the street is chosen before."""

    compounds_visited = CompoundChoiceField(
        label=_("compounds visited"),
        queryset=Compound.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the compounds the group saw; name other places below."),
    )

    class Meta:
        model = Inspection
        fields = ["date", "group", "reviewed", "compounds_visited", "other_sites", "findings"]
        widgets = {
            "date": DateInput(),
            "reviewed": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compounds_visited"].queryset = compounds

    def validate_unique(self):
        """Nothing about a visit is unique; the service validates the whole record."""


class RequirementForm(StyledFormMixin, forms.Form):
    """A requirement of the inspection group; naming a compound puts it on the compound's
    problems, with an owner and a deadline."""

    text = forms.CharField(
        label=_("requirement"),
        max_length=InspectionRequirement._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    compound = OneCompoundField(
        label=_("compound"),
        queryset=Compound.objects.none(),
        required=False,
        empty_label=_("— none: a requirement for the street as a whole —"),
        help_text=_("Name a compound to put the requirement on its register of problems."),
    )
    owner = forms.CharField(
        label=_("owner"),
        max_length=50,
        required=False,
        help_text=_("Who answers for it; the compound's person in charge if left empty."),
    )
    responsible_unit = forms.CharField(
        label=_("responsible unit"),
        max_length=100,
        required=False,
        help_text=_("The street office if left empty."),
    )
    deadline = forms.DateField(
        label=_("deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Needed when a compound is named."),
    )

    def __init__(self, *args, compounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = compounds


class AnswerForm(StyledFormMixin, forms.Form):
    """The street's answer to an inspection."""

    answer = forms.CharField(
        label=_("the street's answer"),
        max_length=Inspection._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the street has done, or will do, about each requirement."),
    )
    answered_on = forms.DateField(
        label=pgettext_lazy("inspection", "answered on"),
        required=False,
        widget=DateInput(),
        help_text=_("Today if left empty."),
    )
