from django import forms

from renovation.forms import DateInput, StyledFormMixin

from .models import Milestone, WorkItem


class WorkItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = [
            "category",
            "building",
            "description",
            "planned_quantity",
            "unit",
            "done_quantity",
            "weight",
            "repeat_reason",
        ]
        widgets = {
            "planned_quantity": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            "done_quantity": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
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
