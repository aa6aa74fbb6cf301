"""Form rendering shared by every app: Bootstrap 5 classes, large touch targets; choice
fields of records that refuse an id no column holds."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connection, models
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# Django's blank choice ("---------"), which reads as nothing in either language.
DASHES = "---------"


# Ids and numbers a filter or a choice takes when no column says otherwise: 64-bit signed.
ID_RANGE = (-(2**63), 2**63 - 1)


def column_range(field) -> tuple[int | None, int | None]:
    """The integers the column of model ``field`` holds on the database in use (a relation:
    its target's), or ``ID_RANGE`` for a column that is not an integer."""
    while field is not None and field.is_relation and getattr(field, "target_field", None):
        field = field.target_field
    if isinstance(field, models.IntegerField | models.AutoField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (
            ID_RANGE[0] if low is None else max(low, ID_RANGE[0]),
            ID_RANGE[1] if high is None else min(high, ID_RANGE[1]),
        )
    return ID_RANGE


def id_out_of_range(field, value) -> bool:
    """Whether ``value`` is an integer that the choice field's key column cannot hold (SQLite
    raises OverflowError past 64 bits, in an ``in`` or a relation's lookup)."""
    if value in (None, "") or isinstance(value, models.Model):
        return False
    model = field.queryset.model
    try:
        key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    except FieldDoesNotExist:
        return False
    low, high = column_range(key)
    try:
        number = int(str(value).strip())
    except ValueError:
        return False  # not an integer: the field's own check names it
    return not low <= number <= high


class BoundedIdsMixin:
    """A choice of records that refuses, before any query, an id its column cannot hold: the
    field's own "not a valid choice" error, as for any id that names no record."""

    def to_python(self, value):
        if not isinstance(value, list | tuple) and id_out_of_range(self, value):
            message = self.error_messages["invalid_choice"]
            raise forms.ValidationError(message, code="invalid_choice")
        return super().to_python(value)

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
            if id_out_of_range(self, pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class BoundedModelChoiceField(BoundedIdsMixin, forms.ModelChoiceField):
    """A ModelChoiceField that refuses an id past its column's range (``BoundedIdsMixin``)."""


class BoundedModelMultipleChoiceField(BoundedIdsMixin, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id past its column's range."""


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


def form_notices(form) -> list[str]:
    """What a valid form's fields have to say once it is saved: a field may keep sentences in
    its ``notices`` while it cleans (the photos a form could not carry, say)."""
    return [notice for field in form.fields.values() for notice in getattr(field, "notices", ())]


def blank_choice(field) -> str:
    """The words of a drop-down's blank choice: "Choose one" where a choice is needed, a
    dash (none) where it may be left empty."""
    return _("Choose one") if field.required else "—"


def name_blank_choice(field):
    """Put ``blank_choice`` in place of Django's dashes in a choice field's drop-down."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = blank_choice(field)
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and label == DASHES for value, label in choices):
            field.choices = [
                (value, blank_choice(field) if value == "" and label == DASHES else label)
                for value, label in choices
            ]


def style_form(form):
    """Give each widget of ``form`` its Bootstrap class, mark fields with errors, and name
    the blank choice of each drop-down (``name_blank_choice``).

    Only errors already found are marked: reading ``form.errors`` here would validate the form
    before its __init__ has finished setting its fields up.
    """
    errors = form._errors or {}
    form.label_suffix = ""  # labels stand above their fields; no colon, in either language
    for name, field in form.fields.items():
        name_blank_choice(field)
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = ""
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = [c for c in widget.attrs.get("class", "").split() if c != "is-invalid"]
        if css and css not in classes:
            classes.append(css)
        if name in errors:
            classes.append("is-invalid")
        widget.attrs["class"] = " ".join(classes)
    return form


class StyledFormMixin:
    """Style the form with style_form() once it is validated or shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def full_clean(self):
        super().full_clean()
        style_form(self)


class DateInput(forms.DateInput):
    """The browser's own date picker, which phones show as a wheel."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: on its fields where the form has them,
    above the form otherwise, so the user sees every reason."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
    style_form(form)


def filtered_page(request, filterset_class, queryset, *, page_size=25) -> dict:
    """Filter ``queryset`` with the model's FilterSet from the query string and paginate it.

    Return the context every list page uses: the filterset (its form styled), the page, and
    the query string without the page number, for the pagination links. Invalid filters list
    nothing, so a wrong filter never shows a wrong list.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    style_form(filterset.form)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filterset": filterset,
        "page": Paginator(rows, page_size).get_page(request.GET.get("page")),
        "query": query.urlencode(),
    }
