"""Forms of the special fund (专项资金): budgets and payments. Input validation only; the views
hand cleaned_data to oversight.funds' services, which check the budget and the document."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common import clock
from common.forms import DateInput, StyledFormMixin

from .selectors import allocation_label
from .services import REASON_MAX

MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}


def money_field(label, *, minimum=Decimal("0"), help_text=""):
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=minimum,
        help_text=help_text,
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )


class WorkItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        label = item.get_category_display()
        if item.building_id:
            label = f"{label} · {item.building.number}"
        if item.description:
            label = f"{label} ({item.description})"
        return label


class AllocationForm(StyledFormMixin, forms.Form):
    """A new budget: for a work item without one, or the compound's general pot."""

    work_item = WorkItemChoiceField(
        label=_("work item"),
        queryset=None,
        required=False,
        empty_label=_("general: costs of no single work item (design, supervision)"),
        help_text=_("Each work item has one budget, and the compound one general budget."),
    )
    amount = money_field(_("budget (yuan)"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, work_items, general_taken: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["work_item"]
        field.queryset = work_items
        self.general_taken = general_taken
        if general_taken:
            field.required = True
            field.empty_label = None
            field.help_text = _(
                "The general budget is set already: choose a work item without a budget."
            )

    def clean_work_item(self):
        item = self.cleaned_data.get("work_item")
        if item is None and self.general_taken:
            raise forms.ValidationError(
                _("The compound has a general budget already: change its amount instead.")
            )
        return item


class AllocationChangeForm(StyledFormMixin, forms.Form):
    """A budget's new amount, and why."""

    amount = money_field(_("new budget (yuan)"))
    reason = forms.CharField(
        label=_("reason for the change"),
        max_length=REASON_MAX,
        help_text=_(
            "For example: the design changed, or the tender came in higher. Kept in the history."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        required=False,  # required by the service (common.rules.has_reason), on this field
    )


class PaymentForm(StyledFormMixin, forms.Form):
    """A payment out of a budget, with its supporting document."""

    allocation = forms.ModelChoiceField(label=_("paid out of"), queryset=None)
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
    payee = forms.CharField(
        label=_("payee"),
        max_length=100,
        help_text=_("The company paid, such as the builder or the supervision firm."),
    )
    amount = money_field(_("amount (yuan)"), minimum=Decimal("0.01"))
    note = forms.CharField(
        label=_("what it pays for"),
        max_length=200,
        required=False,
        help_text=_("For example: second instalment of the pipeline works."),
    )
    document = forms.FileField(
        label=_("supporting document"),
        help_text=_(
            "The invoice, contract page or acceptance sheet: PDF, JPEG or PNG, at most 10 MB."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        error_messages={
            "required": _(
                "Attach the supporting document: a PDF, JPEG or PNG of the invoice or contract."
            ),
            "empty": _("The file is empty: choose the document again."),
        },
    )

    def __init__(self, *args, allocations, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("paid_on", clock.today())
        super().__init__(*args, **kwargs)
        field = self.fields["allocation"]
        field.queryset = allocations
        field.label_from_instance = allocation_label
        if len(allocations) == 1:
            field.initial = allocations[0].pk
