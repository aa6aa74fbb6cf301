"""Input shapes of the register import: the file (with its street, when the user works for more
than one, and its kind, guessed when left empty), and the choice of each sheet's kind and of
what each column holds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import StyledFormMixin
from compounds.selectors import Level, scope_for, street_list

from . import rules
from .reading import FileRefused, check_size

KIND_CHOICES = [("", _("guess from the headings")), *rules.KIND_LABELS.items()]


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, as your office keeps it; up to "
                    "64 MB. Title rows, totals and units in the numbers are fine."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )  # fmt: skip
    street = forms.ModelChoiceField(
        label=_("street"), queryset=None, required=False,
        help_text=_("The street the rows belong to, unless a row names its own."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("kind"), choices=KIND_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_for(user)
        if self.scope.level == Level.EVERYTHING:
            self.fields["street"].queryset = street_list(user=user).order_by("name")
        else:
            del self.fields["street"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # refused before it is read, in reading's words
        except FileRefused as refused:
            raise forms.ValidationError(refused.messages) from refused
        return upload

    def chosen_street(self):
        """The chosen street; None for a user of one street (the service takes theirs)."""
        return self.cleaned_data.get("street") if "street" in self.fields else None


class MappingForm(StyledFormMixin, forms.Form):
    """One drop-down per sheet (its kind) and per column (what it holds, or "leave out")."""

    def __init__(self, *args, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = sheets
        for i, sheet in enumerate(sheets):
            self.fields[f"s{i}-kind"] = forms.ChoiceField(
                label=_("What sheet “%(name)s” holds") % {"name": sheet["name"]},
                choices=[("", _("nothing to import")), *rules.KIND_LABELS.items()],
                required=False, initial=sheet["kind"],
            )  # fmt: skip
            if not sheet["kind"]:
                continue
            options = [("", _("leave this column out"))] + [
                (c.field, c.label) for c in rules.KINDS[sheet["kind"]]
            ]
            for j, heading in enumerate(sheet["headings"]):
                if not heading:
                    continue
                field = forms.ChoiceField(
                    label=heading, choices=options, required=False,
                    initial=sheet["fields"][j] or "",
                )  # fmt: skip
                field.unknown = sheet["fields"][j] is None
                self.fields[f"s{i}-c{j}"] = field

    def rows(self):
        """For the template: each sheet with its kind's field and its columns' fields."""
        for i, sheet in enumerate(self.sheets):
            columns = [self[f"s{i}-c{j}"] for j in range(len(sheet["headings"]))
                       if f"s{i}-c{j}" in self.fields]  # fmt: skip
            yield {"sheet": sheet, "kind": self[f"s{i}-kind"], "columns": columns}

    def choices(self) -> list[dict]:
        """Each sheet's kind and fields as chosen; a sheet given another kind comes back with
        its columns read by that kind's names, to be looked at again."""
        out = []
        for i, sheet in enumerate(self.sheets):
            kind = self.cleaned_data.get(f"s{i}-kind") or ""
            if kind != sheet["kind"]:
                fields = [rules.field_for(kind, h) if kind else None for h in sheet["headings"]]
                out.append({"kind": kind, "fields": fields, "changed": True})
                continue
            fields = [self.cleaned_data.get(f"s{i}-c{j}", "") or ""
                      for j in range(len(sheet["headings"]))]  # fmt: skip
            out.append({"kind": kind, "fields": fields, "changed": False})
        return out
