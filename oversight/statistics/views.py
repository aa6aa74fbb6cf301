"""Pages of the statistics return: the return of a plan, a street, a district or all the user
sees, on the page and as XLSX; and the import of a street's return file (逐级汇总)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.forms import style_form
from common.workbooks import xlsx_download

from . import exports, rules, selectors, services
from .forms import ReturnImportForm, StatisticsForm
from .models import ImportedReturn, PeriodKind
from .returns_import import ReturnRefused


def _title(selection, period, kind) -> str:
    name = selection.name or _("all streets")
    if kind == PeriodKind.MONTH:
        when = date_format(period.end, "YEAR_MONTH_FORMAT")
    else:
        when = _("January to %(end)s") % {"end": date_format(period.end, "YEAR_MONTH_FORMAT")}
    return _("Statistics return · %(name)s · %(when)s") % {"name": name, "when": when}


def _sections(result: dict) -> list[dict]:
    figures, links = result["figures"], result["links"]
    sections = []
    for key, label in rules.SECTIONS.items():
        rows = [
            {
                "figure": figure,
                "value": figures[figure.key],
                "url": links.get(figure.key),
                "money": figure.section == rules.MONEY,
            }
            for figure in rules.FIGURES
            if figure.section == key
        ]
        sections.append({"key": key, "label": label, "rows": rows})
    return sections


@permission_required("compounds.view_compound", raise_exception=True)
def statistics(request):
    """The return in the national table's terms, each figure leading to its list."""
    form = StatisticsForm(request.GET or None, user=request.user)
    selection, period, kind = form.choice()
    result = selectors.statistics_return(
        user=request.user, selection=selection, period=period, kind=kind
    )
    title = _title(selection, period, kind)
    if request.GET.get("format") == "xlsx":
        meta = exports.return_meta(selection=selection, period=period, kind=kind)
        name = f"statistics-{selection.level}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        return xlsx_download(exports.return_workbook(result, meta=meta, title=title), name)
    style_form(form)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "oversight/statistics/statistics.html",
        {
            "form": form,
            "title": title,
            "selection": selection,
            "period": period,
            "kind": kind,
            "result": result,
            "sections": _sections(result),
            "query": query.urlencode(),
            "may_import": request.user.has_perm("oversight.add_importedreturn"),
        },
    )


@permission_required("oversight.add_importedreturn", raise_exception=True)
def return_import(request):
    """Import a street's return file; the refusals say why, and nothing is kept."""
    form = ReturnImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        street = form.cleaned_data["street"]
        kind = form.cleaned_data["kind"]
        try:
            kept = services.return_import(
                user=request.user, street=street, period_kind=kind, period=form.period(),
                data=upload.read(), file_name=upload.name,
            )  # fmt: skip
        except ReturnRefused as refused:
            for message in refused.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("The return of %(street)s for %(start)s to %(end)s is imported.")
                % {"street": street.name, "start": kept.period_start, "end": kept.period_end},
            )
            params = {"kind": kind, "month": f"{kept.period_end:%Y-%m}"}
            if street.district:
                params["district"] = street.district
            return redirect(f"{reverse('oversight:statistics')}?{urlencode(params)}")
    style_form(form)
    imported = ImportedReturn.objects.filter(
        street__in=form.fields["street"].queryset
    ).select_related("street", "imported_by")[:50]
    return render(
        request,
        "oversight/statistics/return_import.html",
        {"form": form, "imported": imported},
        status=400 if form.errors else 200,
    )
