"""Form rendering shared by every app: Bootstrap 5 classes, large touch targets."""

from django import forms
from django.core.paginator import Paginator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# Django's blank choice ("---------"), which reads as nothing in either language.
DASHES = "---------"


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
