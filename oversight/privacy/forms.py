"""Forms of the residents' data requests: input shape only; the views hand the cleaned data to
oversight.privacy.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from common.forms import StyledFormMixin

from ..validators import validate_mainland_phone

PHONE_INVALID = _("This is not a phone number in China: check it, for example 13800138000.")


class LookupForm(StyledFormMixin, forms.Form):
    """Step 1: the receipt code and the phone given with the opinion."""

    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=60,
        help_text=_("As printed on your receipt, for example WH-2020-K7QD-3MXA8."),
        error_messages={"required": _("Type the code from your receipt.")},
        widget=forms.TextInput(
            attrs={"class": "form-control-lg", "autocomplete": "off",
                   "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )  # fmt: skip
    phone = PhoneNumberField(
        label=_("The phone you gave with your opinion"),
        region="CN",
        validators=[validate_mainland_phone],
        help_text=_("We text a confirmation code to it, for example 13800138000."),
        error_messages={"required": _("Type your phone number."), "invalid": PHONE_INVALID},
        widget=forms.TextInput(
            attrs={"class": "form-control-lg", "inputmode": "tel", "autocomplete": "tel"}
        ),
    )


class ConfirmForm(StyledFormMixin, forms.Form):
    """Step 2: the six digits of the text."""

    answer = forms.CharField(
        label=_("The 6-digit code in the text message"),
        max_length=20,
        error_messages={"required": _("Type the 6 digits of the text message.")},
        widget=forms.TextInput(
            attrs={"class": "form-control-lg", "inputmode": "numeric",
                   "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )  # fmt: skip


class CorrectForm(StyledFormMixin, forms.Form):
    """Step 3: ask for a correction of the name, the phone or both."""

    new_name = forms.CharField(label=_("The right name"), max_length=50, required=False)
    new_phone = PhoneNumberField(
        label=_("The right phone"),
        region="CN",
        required=False,
        validators=[validate_mainland_phone],
        error_messages={"invalid": PHONE_INVALID},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("new_name", "").strip() or data.get("new_phone")) and not self.errors:
            raise forms.ValidationError(_("Write the new name, the new phone, or both."))
        return data


class EraseForm(StyledFormMixin, forms.Form):
    """Step 3: ask for the erasure of the name, phone and photos."""

    confirm = forms.BooleanField(
        label=_("Yes, erase my name, phone and photos. The text of my opinion stays."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class RefuseForm(StyledFormMixin, forms.Form):
    """Staff: refuse a request, with the reason the resident reads."""

    reason = forms.CharField(
        label=_("Why the request is refused"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The resident reads it with their receipt code."),
    )


class CarryOutForm(forms.Form):
    """Staff: carry the request out (nothing to fill in)."""
