"""Forms of the staff side of the residents' voice: input validation only; the views hand the
cleaned data to oversight.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from common.forms import StyledFormMixin
from progress.forms import PhotosField

from . import rules, selectors
from .choices import PUBLIC_CHANNELS, TOPIC_CHOICES, Channel, OpinionStatus
from .models import TEXT_MAX, Opinion
from .validators import validate_mainland_phone

STAFF_CHANNELS = [
    (value, label) for value, label in Channel.choices if value not in PUBLIC_CHANNELS
]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


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
