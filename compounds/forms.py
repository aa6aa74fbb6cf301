from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, StyledFormMixin

from . import rules
from .models import Building, Compound
from .selectors import community_list, plan_list


class CoordinateField(forms.DecimalField):
    """A latitude or longitude, rounded to the six decimals kept before it is checked."""

    def to_python(self, value):
        return rules.round_coordinate(super().to_python(value))


COORDINATE_WIDGET = {"inputmode": "decimal", "step": "any", "autocomplete": "off"}


class CompoundForm(StyledFormMixin, forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=200,
        help_text=_("Kept in the compound's history."),
    )

    class Meta:
        model = Compound
        fields = [
            "name",
            "address",
            "latitude",
            "longitude",
            "community",
            "plan",
            "status",
            "started_on",
            "completed_on",
            "accepted_on",
            "year_built",
            "is_demonstration",
            "person_in_charge",
            "person_in_charge_phone",
            "contact_person",
            "contact_phone",
            "had_no_manager",
            "management_mode",
            "property_company",
            "yearly_fee_per_household",
            "notes",
        ]
        field_classes = {"latitude": CoordinateField, "longitude": CoordinateField}
        widgets = {
            "latitude": forms.NumberInput(attrs=COORDINATE_WIDGET),
            "longitude": forms.NumberInput(attrs=COORDINATE_WIDGET),
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "accepted_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = community_list(user=user)
        self.fields["plan"].queryset = plan_list(user=user)
        if self.instance.pk is None:
            del self.fields["change_reason"]
        for name in ("person_in_charge_phone", "contact_phone"):
            self.fields[name].widget.attrs.update(inputmode="tel", autocomplete="tel")


class BuildingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Building
        fields = ["number", "floors", "units", "households", "floor_area", "has_elevator"]
        widgets = {
            "floors": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "units": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "households": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "floor_area": forms.NumberInput(
                attrs={"inputmode": "decimal", "min": 0, "step": "0.01"}
            ),
        }
