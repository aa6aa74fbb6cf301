"""Forms of the residents' opinions: input validation only; the views hand the cleaned data
to oversight.opinions.services.

Public: a resident's opinion and the look-up of a receipt code. Staff: an opinion taken down
on a visit, its triage, moderation and merging.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from common.forms import StyledFormMixin
from common.names import person_name
from progress.forms import MAX_PHOTOS, PhotosField

from ..validators import validate_mainland_phone
from . import rules, selectors
from .choices import PUBLIC_CHANNELS, TOPIC_CHOICES, Channel, OpinionStatus
from .models import TEXT_MAX, Opinion

# --- Public -----------------------------------------------------------------------------------

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


# --- Staff ------------------------------------------------------------------------------------

STAFF_CHANNELS = [
    (value, label) for value, label in Channel.choices if value not in PUBLIC_CHANNELS
]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class OpinionRecordForm(StyledFormMixin, forms.Form):
    """An opinion staff took down on a home visit, at a collection point or by phone."""

    channel = forms.ChoiceField(label=_("how it was taken"), choices=STAFF_CHANNELS)
    building = forms.ModelChoiceField(
        label=_("building"), queryset=None, required=False, empty_label=_("whole compound")
    )
    unit = forms.CharField(label=_("unit (单元)"), max_length=20, required=False)
    topics = forms.MultipleChoiceField(
        label=_("what it is about"), choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one topic.")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("opinion"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("name"), max_length=50, required=False)
    phone = PhoneNumberField(
        label=_("phone"), region="CN", required=False, validators=[validate_mainland_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("A mainland number, such as 138 0013 8000."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("The resident heard the personal data notice and agreed to it"),
        required=False,
        help_text=_("Needed when a name or a phone number is written down."),
    )
    photos = PhotosField(label=_("photos"))

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = compound.buildings.order_by("number", "pk")

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("phone")) and not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Read the notice to the resident and tick this, or leave out the name and "
                    "phone."
                ),
            )
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("consent")
        data["phone"] = data["phone"] or ""
        return data


class OpinionTriageForm(StyledFormMixin, forms.Form):
    """Triage: the status (only the moves rules.OPINION_MOVES allows are offered), who deals
    with it, the reply and the work item it became."""

    status = forms.ChoiceField(label=_("status"), choices=OpinionStatus.choices)
    assignee = UserChoiceField(
        label=_("assignee"), queryset=None, required=False, empty_label=_("nobody yet")
    )
    reason = Opinion._meta.get_field("reason").formfield(widget=forms.Textarea(attrs={"rows": 2}))
    reply = Opinion._meta.get_field("reply").formfield(widget=forms.Textarea(attrs={"rows": 4}))
    reply_published = Opinion._meta.get_field("reply_published").formfield()
    work_item = forms.ModelChoiceField(
        label=_("became work item"), queryset=None, required=False, empty_label=_("none")
    )
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=TOPIC_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one topic.")},
    )  # fmt: skip

    def __init__(self, *args, opinion, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": opinion.status,
                "assignee": opinion.assignee_id,
                "reason": opinion.reason,
                "reply": opinion.reply,
                "reply_published": opinion.reply_published,
                "work_item": opinion.work_item_id,
                "topics": opinion.topics,
            },
        )
        super().__init__(*args, **kwargs)
        # Every status is accepted, so a move refused meanwhile gets the service's sentence;
        # only the current status and the moves allowed from it are offered.
        self.fields["status"].widget.choices = [
            (value, label)
            for value, label in OpinionStatus.choices
            if rules.can_move(opinion.status, value)
        ]
        compound = opinion.compound
        # The current assignee stays a choice, even if moved elsewhere since.
        self.fields["assignee"].queryset = selectors.assignee_choices(
            compound=compound, keep=opinion.assignee_id
        )
        self.fields["work_item"].queryset = compound.work_items.order_by("category", "pk")


class OpinionModerationForm(StyledFormMixin, forms.Form):
    hidden = forms.BooleanField(required=False, widget=forms.HiddenInput)
    hidden_reason = forms.CharField(
        label=_("why it is hidden"), max_length=200, required=False,
        help_text=_("Spam or abuse; the text is kept and staff still see it."),
    )  # fmt: skip


class OpinionMergeForm(StyledFormMixin, forms.Form):
    into = forms.ModelChoiceField(
        label=_("duplicate of"), queryset=None, to_field_name="code",
        help_text=_("This opinion is closed; its resident follows the other one's reply."),
    )  # fmt: skip

    def __init__(self, *args, opinion, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        field.queryset = selectors.merge_choices(opinion=opinion, user=user)
        field.label_from_instance = lambda other: f"{other.code} · {other.text[:30]}"
