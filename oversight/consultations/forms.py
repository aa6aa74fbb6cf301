"""Forms of the consultations: households, elevator additions and surveys. Input validation
only; the views hand cleaned_data to oversight.consultations' services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, StyledFormMixin, style_form

from .choices import ConsentAnswer, ElevatorStage
from .models import ElevatorProject, Household, Survey

QUESTION_MAX = 300
OPTION_MAX = 200
QUESTIONS_MAX = 20
OPTIONS_MAX = 12


class HouseholdForm(StyledFormMixin, forms.ModelForm):
    """A home of a building; without the right to see personal data, the owner is left out."""

    class Meta:
        model = Household
        fields = ["unit", "door", "floor", "floor_area", "owner_name"]
        widgets = {
            "floor": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "floor_area": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }

    def __init__(self, *args, personal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not personal:
            del self.fields["owner_name"]

    def validate_unique(self):
        """The service checks the door is free in the building (the form has no building)."""


class ElevatorProjectForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ElevatorProject
        fields = ["consulting_since", "notes"]
        widgets = {"consulting_since": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ElevatorStageForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("stage"), widget=forms.RadioSelect)
    day = forms.DateField(
        label=_("reached on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the stage was reached. Moving back keeps the earlier day if empty."),
    )
    reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        max_length=100,
        help_text=_("Needed only to explain a correction; kept in the history."),
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(stage, ElevatorStage(stage).label) for stage in stages]


class ElevatorConsentForm(StyledFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect
    )
    answered_on = forms.DateField(label=_("answered on"), widget=DateInput())


def parse_questions(text: str) -> list[tuple[str, list[str]]]:
    """Read questions written as blocks: a question's line, then one line per option; a
    blank line between questions. Return a list of (question, [options])."""
    blocks, current = [], []
    for raw in (text or "").splitlines():
        line = raw.strip().lstrip("-*•").strip()
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return [(block[0], block[1:]) for block in blocks]


class SurveyForm(StyledFormMixin, forms.ModelForm):
    questions = forms.CharField(
        label=_("questions and options"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Write each question on a line with its options on the lines below it, one a "
            "line; leave a blank line before the next question."
        ),
    )

    class Meta:
        model = Survey
        fields = ["title", "description", "opens_on", "closes_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def clean_questions(self):
        questions = parse_questions(self.cleaned_data["questions"])
        if not questions:
            raise forms.ValidationError(_("Ask at least one question."))
        if len(questions) > QUESTIONS_MAX:
            raise forms.ValidationError(
                _("Ask at most %(count)d questions.") % {"count": QUESTIONS_MAX}
            )
        for question, options in questions:
            if len(options) < 2:
                raise forms.ValidationError(
                    _("Give the question “%(question)s” two options at least, one a line.")
                    % {"question": question}
                )
            if len(options) > OPTIONS_MAX:
                raise forms.ValidationError(
                    _("Give the question “%(question)s” at most %(count)d options.")
                    % {"question": question, "count": OPTIONS_MAX}
                )
            if len(question) > QUESTION_MAX or any(len(o) > OPTION_MAX for o in options):
                raise forms.ValidationError(
                    _("Keep a question under %(q)d characters and an option under %(o)d.")
                    % {"q": QUESTION_MAX, "o": OPTION_MAX}
                )
        return questions


class SurveyCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("household code"),
        max_length=40,
        help_text=_("It is printed on the slip the community gave your home."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control-lg",
            }
        ),
    )


class SurveyAnswerForm(StyledFormMixin, forms.Form):
    """One radio list per question of a survey, named q_<question id>."""

    def __init__(self, *args, questions, required: bool, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            name = f"q_{question.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=question.text,
                choices=[(option.pk, option.text) for option in question.options.all()],
                coerce=int,
                required=required,
                widget=forms.RadioSelect,
            )
            if initial_answers and question.pk in initial_answers:
                self.initial[name] = initial_answers[question.pk].option_id

    def choices(self) -> dict:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value not in (None, "")
        }


class SurveyRecordForm(SurveyAnswerForm):
    """A household's answers taken down on a home visit."""

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, required=False, **kwargs)
        self.fields["household"] = forms.ModelChoiceField(label=_("household"), queryset=households)
        self.order_fields(["household"])
        style_form(self)

    def clean(self):
        cleaned = super().clean()
        if not any(k.startswith("q_") and v not in (None, "") for k, v in cleaned.items()):
            raise forms.ValidationError(_("Choose an answer to one question at least."))
        return cleaned
