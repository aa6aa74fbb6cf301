"""Forms of the public pages: a resident's opinion and the look-up of a receipt code."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from common.forms import StyledFormMixin
from progress.forms import MAX_PHOTOS, PhotosField

from .choices import PUBLIC_CHANNELS, TOPIC_CHOICES, Channel
from .models import TEXT_MAX
from .validators import validate_mainland_phone

# The honeypot: a field people never see (hidden by CSS, out of the tab order); robots fill it.
HONEYPOT = "website"


class CompoundSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your compound's name or address"),
        max_length=100,
        required=False,
        help_text=_("Part of it is enough, for example 丰产路 or 47号."),
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg", "type": "search", "autocomplete": "off"}
        ),
    )


class OpinionForm(StyledFormMixin, forms.Form):
    """The resident's opinion about one compound; the view gives the compound."""

    channel = forms.CharField(required=False, widget=forms.HiddenInput)
    building = forms.ModelChoiceField(
        label=_("building"),
        queryset=None,
        required=False,
        empty_label=_("Not sure, or the whole compound"),
    )
    unit = forms.CharField(
        label=_("unit (单元)"),
        max_length=20,
        required=False,
        help_text=_("If it is about your stairwell, for example 2."),
    )
    topics = forms.MultipleChoiceField(
        label=_("What is it about?"),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Tick one or more."),
        error_messages={"required": _("Tick at least one topic.")},
    )
    text = forms.CharField(
        label=_("Your opinion"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your opinion, in a few words or more."),
            "max_length": _(
                "Keep your opinion to %(limit_value)d characters at most; it has %(show_value)d "
                "now."
            ),
        },
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneNumberField(
        label=_("Your phone (optional)"),
        region="CN",
        required=False,
        validators=[validate_mainland_phone],
        help_text=_("Only if you want a call back, for example 13800138000."),
        error_messages={
            "invalid": _("This is not a phone number in China: check it, for example 13800138000.")
        },
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    photos = PhotosField(label=_("Photos (optional)"))
    consent = forms.BooleanField(
        label=_("I have read the notice on personal data above and agree."),
        error_messages={
            "required": _("Please tick the box to agree to the notice, or we cannot take it.")
        },
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.compound = compound
        self.fields["building"].queryset = compound.buildings.order_by("number", "pk")
        # Help texts with numbers, translated when the form is made (a request's language).
        self.fields["text"].help_text = gettext(
            "What should be renovated, and how? At most %(max)d characters."
        ) % {"max": TEXT_MAX}
        self.fields["photos"].help_text = gettext("JPEG or PNG, up to %(count)d.") % {
            "count": MAX_PHOTOS
        }

    def clean_channel(self):
        """Only the public channels: anything else (or nothing) is the online form."""
        channel = self.cleaned_data.get("channel")
        return channel if channel in PUBLIC_CHANNELS else Channel.ONLINE

    def service_arguments(self) -> dict:
        """Return the cleaned data shaped for services.opinion_submit."""
        data = dict(self.cleaned_data)
        data.pop(HONEYPOT, None)
        data["phone"] = data.get("phone") or ""
        data["compound_id"] = self.compound.pk
        building = data.pop("building", None)
        data["building_id"] = building.pk if building is not None else None
        return data


class TrackForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=60,
        help_text=_("As printed on your receipt, for example WH-2020-K7QD-3MXA8."),
        error_messages={"required": _("Type the code from your receipt.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control-lg",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
