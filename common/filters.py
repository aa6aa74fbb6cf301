"""Filters every app's FilterSets share: free-text search, yes/no filters that refuse
anything but yes or no, choices limited to the user's scope, and labels that read as a
sentence in either language.

django-filter labels a filter made from ``Meta.fields`` as "<field> <lookup>" ("date is greater
than or equal to"), in English only: its catalogue has no zh_Hans. The base FilterSet names the
lookups the project uses itself (``LOOKUP_LABELS``); the settings translate the rest
(``FILTERS_VERBOSE_LOOKUPS``) and the empty choice of every drop-down ("All", not "---------":
``FILTERS_EMPTY_CHOICE_LABEL``).

Every filter's input is bounded before it reaches the database (``bound_field``), on the HTML
lists and the API alike: text to ``TEXT_LIMIT`` characters (SQLite refuses a LIKE pattern past
50,000 bytes: a 503), numbers to their column's range and ids to 64 bits (SQLite raises
OverflowError past them: a 500). Out of bounds is the filter's form error, a 400 in the API."""

import datetime
import functools

import django_filters
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import validators
from django.db import models
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings
from django_filters.fields import ModelChoiceField
from django_filters.utils import get_model_field, verbose_field_name

from common import scoping
from common.forms import ID_RANGE, BoundedIdsMixin, column_range
from common.names import person_name

# The longest text a filter takes: longer than any name or search anyone types.
TEXT_LIMIT = 200


class SearchFilter(django_filters.CharFilter):
    """Free text over several fields, each matched as a substring."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("method", self.search)
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class PersonChoiceField(BoundedIdsMixin, ModelChoiceField):
    """A choice of a user, each named as the pages name people (common.names.person_name)."""

    def label_from_instance(self, obj):
        return person_name(obj)


def name_people(made):
    """Let a choice filter of users offer their names (``PersonChoiceField``), not logins."""
    model = getattr(made, "choice_model", None) or getattr(made, "queryset", None)
    model = getattr(model, "model", model)
    if isinstance(model, type) and issubclass(model, AbstractBaseUser):
        made.field_class = PersonChoiceField
    return made


class QuickSelect(forms.Select):
    """A select whose options are written in Python. Django renders each option through a
    template of its own: a city-wide user's choice of 300 plans and 500 communities took most
    of a filtered page's time (the wall chart of a street, 185 of its 440 ms, profiled for
    manage.py bench). The HTML is what Django's templates write, without their whitespace."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        out = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # a group
                out.append(format_html('<optgroup label="{}">', option_value))
                out.extend(self._option(v, text, chosen) for v, text in label)
                out.append("</optgroup>")
            else:
                out.append(self._option(option_value, label, chosen))
        out.append("</select>")
        return mark_safe("".join(out))  # noqa: S308  (every part is escaped)

    @staticmethod
    def _option(value, label, chosen) -> str:
        value = "" if value is None else str(value)
        mark = " selected" if value in chosen else ""
        return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of one record of the request user's scope: ``selector(user=...)`` gives the
    choices, so a record outside them is an invalid filter (a 400 in the API). Without a
    request there is nothing to choose (``model.objects.none()``).

    compounds.filtersets names the register's ready ones (StreetFilter, CompoundFilter, ...).
    """

    def __init__(self, *args, selector, model, **kwargs):
        self.selector = selector
        self.choice_model = model
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)
        name_people(self)

    def get_queryset(self, request):
        if request is None:
            return self.choice_model.objects.none()
        return self.selector(user=request.user)


TRUE_VALUES = frozenset({"true", "1", "yes"})
FALSE_VALUES = frozenset({"false", "0", "no"})


class YesNoSelect(forms.Select):
    """A select of any / yes / no that hands the raw value to its field, unlike Django's
    NullBooleanSelect, which reads an unknown value as "any"."""

    def __init__(self, attrs=None):
        choices = [("", filter_settings.EMPTY_CHOICE_LABEL), ("true", _("yes")), ("false", _("no"))]
        super().__init__(attrs, choices)

    def format_value(self, value):
        if value is True:
            return ["true"]
        if value is False:
            return ["false"]
        return super().format_value(value)


class YesNoField(forms.NullBooleanField):
    widget = YesNoSelect
    default_error_messages = {"invalid": _("Choose yes or no.")}

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter: true/false (or 1/0, yes/no); anything else is an error, not "any"."""

    field_class = YesNoField


class MomentField(forms.DateTimeField):
    """A date and time, read in UTC: an offset PostgreSQL cannot hold (it allows ±15:59; ISO
    text can say +16:18) or a moment outside the years 1 to 9999 once in UTC is refused with
    a message instead of failing in the database."""

    default_error_messages = {
        "out_of_range": _("Enter a date and time between the years 1 and 9999."),
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            message = self.error_messages["out_of_range"]
            raise forms.ValidationError(message, code="out_of_range") from None


class MomentFilter(django_filters.DateTimeFilter):
    field_class = MomentField


# The label of a filter ``Meta.fields`` makes, by its lookup: on a day or a moment ("date
# from"), and on a number ("households at least").
LOOKUP_LABELS = {
    "day": {
        "gte": _("%(field)s from"),
        "lte": _("%(field)s until"),
        "gt": _("%(field)s after"),
        "lt": _("%(field)s before"),
    },
    "number": {
        "gte": _("%(field)s at least"),
        "lte": _("%(field)s at most"),
        "gt": _("%(field)s more than"),
        "lt": _("%(field)s less than"),
    },
}


def _label(template, model, field_name) -> str:
    return template % {"field": verbose_field_name(model, field_name)}


lazy_label = lazy(_label, str)


def lookup_label(model, field, field_name: str, lookup_expr: str):
    """The label of a ``Meta.fields`` filter (lazy: read in the reader's language), or None
    for django-filter's own ("<field> <lookup>", its words translated by the settings)."""
    *transforms, lookup = lookup_expr.split("__")
    if transforms == ["date"] or (
        not transforms and isinstance(field, models.DateField | models.DateTimeField)
    ):
        kind = "day"
    elif not transforms and isinstance(
        field, models.IntegerField | models.DecimalField | models.FloatField
    ):
        kind = "number"
    else:
        return None
    template = LOOKUP_LABELS[kind].get(lookup)
    return None if template is None else lazy_label(template, model, field_name)


@functools.cache
def bounded_choice_class(field_class):
    """``field_class`` (a choice of records) refusing ids its column cannot hold."""
    if issubclass(field_class, BoundedIdsMixin):
        return field_class
    return type(field_class.__name__, (BoundedIdsMixin, field_class), {})


def _has_validator(field, kind, limit) -> bool:
    return any(isinstance(v, kind) and v.limit_value == limit for v in field.validators)


def bound_field(field, column=None):
    """Bound a filter's form field in place: text to ``TEXT_LIMIT`` characters, a number to
    the range of ``column`` (the model field it filters; 64 bits without one). Choices of
    records are bounded by their class (``bounded_choice_class``); a fixed choice needs
    nothing."""
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return field
    if isinstance(field, forms.CharField):
        if field.max_length is None or field.max_length > TEXT_LIMIT:
            field.max_length = TEXT_LIMIT
            field.widget.attrs["maxlength"] = str(TEXT_LIMIT)
        if not _has_validator(field, validators.MaxLengthValidator, field.max_length):
            field.validators.append(validators.MaxLengthValidator(field.max_length))
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low, high = column_range(column) if column is not None else ID_RANGE
        if not _has_validator(field, validators.MinValueValidator, low):
            field.validators.append(validators.MinValueValidator(low))
        if not _has_validator(field, validators.MaxValueValidator, high):
            field.validators.append(validators.MaxValueValidator(high))
    return field


class FilterSet(django_filters.FilterSet):
    """The base FilterSet: model booleans get a YesNoFilter, dates and times a MomentFilter,
    a range's two ends read "date from" and "date until" (``lookup_label``), and every
    filter's input is bounded (``bound_field``)."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": YesNoFilter},
        models.DateTimeField: {"filter_class": MomentFilter},
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoping.narrow_filters(self.filters, self.request)  # choices of the user's scope

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        made = super().filter_for_field(field, field_name, lookup_expr)
        if made is not None and made._label is None:
            made.label = lookup_label(cls._meta.model, field, field_name, made.lookup_expr)
        if isinstance(made, django_filters.ModelChoiceFilter):
            name_people(made)
        return made

    def get_form_class(self):
        model = self._meta.model
        for filter_ in self.filters.values():
            field_class = filter_.field_class
            if issubclass(field_class, forms.ModelChoiceField) and not issubclass(
                field_class, BoundedIdsMixin
            ):
                filter_.__dict__.pop("_field", None)
                filter_.field_class = bounded_choice_class(field_class)
            column = get_model_field(model, filter_.field_name) if filter_.field_name else None
            bound_field(filter_.field, column)
        return super().get_form_class()
