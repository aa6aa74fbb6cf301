"""Input shapes of the statistics pages: which return (a plan, a street, a district or all the
user sees; a month or the year to its end), and a street's return file to import."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from common import clock
from compounds.selectors import plan_list, street_list

from . import rules, selectors
from .models import PeriodKind
from .returns_import import MAX_FILE_BYTES, TOO_LARGE

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month_field():
    return forms.CharField(
        label=_("month"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("The return's month, written as 2020-07."),
    )


def _clean_month(value: str) -> datetime.date:
    if not value:
        return clock.today().replace(day=1)
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise forms.ValidationError(_("Write the month as 2020-07."), code="invalid")
    return datetime.date(int(match[1]), int(match[2]), 1)


def period_of(kind: str, month: datetime.date) -> rules.Period:
    """Return the period of ``kind`` ending with ``month``."""
    if kind == PeriodKind.MONTH:
        return rules.month_period(month.year, month.month)
    return rules.year_to_date_period(month.year, month.month)


class StatisticsForm(forms.Form):
    """Which return: the narrowest of plan, street and district chosen (none: all the user
    sees), and its period."""

    plan = forms.ModelChoiceField(label=_("renovation plan"), queryset=None, required=False)
    street = forms.ModelChoiceField(label=_("street"), queryset=None, required=False)
    district = forms.ChoiceField(label=_("district"), required=False)
    kind = forms.ChoiceField(
        label=_("period"), choices=PeriodKind.choices, required=False,
        initial=PeriodKind.YEAR_TO_DATE,
    )  # fmt: skip
    month = _month_field()

    def __init__(self, data, *, user):
        if data is not None:
            # What is left out is the default, and the form shows it as the page counts it.
            data = data.copy()
            data.setdefault("kind", PeriodKind.YEAR_TO_DATE)
            data.setdefault("month", f"{clock.today():%Y-%m}")
        super().__init__(data)
        self.user = user
        self.fields["plan"].queryset = plan_list(user=user).order_by("-year", "name")
        self.fields["street"].queryset = street_list(user=user).order_by("name")
        self.fields["month"].initial = f"{clock.today():%Y-%m}"
        self.fields["district"].choices = [
            ("", _("all")),
            *[(name, name) for name in selectors.districts(user=user)],
        ]

    def clean_month(self):
        return _clean_month(self.cleaned_data.get("month"))

    def clean_kind(self):
        return self.cleaned_data.get("kind") or PeriodKind.YEAR_TO_DATE

    def choice(self) -> tuple[selectors.Selection, rules.Period, str]:
        """Return the selection, the period and its kind (the defaults where the form is
        invalid: all the user sees, the year to the clock's month)."""
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or PeriodKind.YEAR_TO_DATE
        month = data.get("month") or clock.today().replace(day=1)
        period = period_of(kind, month)
        if data.get("plan"):
            selection = selectors.Selection(selectors.PLAN, plan=data["plan"])
        elif data.get("street"):
            selection = selectors.Selection(selectors.STREET, street=data["street"])
        elif data.get("district"):
            selection = selectors.Selection(selectors.DISTRICT, district=data["district"])
        else:
            selection = selectors.Selection(selectors.CITY)
        return selection, period, kind


class ReturnImportForm(forms.Form):
    """A street's return file for one period (逐级汇总)."""

    street = forms.ModelChoiceField(label=_("street"), queryset=None)
    kind = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices)
    month = _month_field()
    file = forms.FileField(
        label=_("return file"),
        help_text=_("The statistics return (.xlsx) the street's own portal wrote."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = street_list(user=user).order_by("name")
        self.fields["month"].required = True
        self.fields["month"].initial = f"{clock.today():%Y-%m}"

    def clean_month(self):
        return _clean_month(self.cleaned_data.get("month"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(TOO_LARGE, code="too_large")
        return upload

    def period(self) -> rules.Period:
        return period_of(self.cleaned_data["kind"], self.cleaned_data["month"])
