"""Pages of the register import: upload a file, choose what unknown columns hold, follow the
check's progress, read the preview (created, changed, errors by row), confirm, follow the
import; the templates to download; the file as it was sent."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.forms import add_service_errors
from common.workbooks import xlsx_download

from . import exports, matching, rules, selectors, services
from .forms import MappingForm, UploadForm
from .models import ImportStatus

PERMISSION = "oversight.add_registerimport"


@permission_required(PERMISSION, raise_exception=True)
def import_start(request):
    """The upload form, the templates and the imports so far."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            register_import = services.import_upload(
                user=request.user, upload=form.cleaned_data["file"], street=form.chosen_street(),
                kind=form.cleaned_data["kind"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("oversight:import_detail", pk=register_import.pk)
    return render(
        request,
        "oversight/imports/import_start.html",
        {
            "form": form,
            "imports": selectors.import_list(user=request.user)[:20],
            "kinds": [
                (kind, rules.KIND_LABELS[kind]) for kind in matching.kinds_allowed(request.user)
            ],
        },  # fmt: skip
        status=400 if form.errors else 200,
    )


@permission_required(PERMISSION, raise_exception=True)
def import_detail(request, pk):
    """Where an import stands: its mapping step, its progress, its preview or its result."""
    register_import = get_object_or_404(selectors.import_list(user=request.user), pk=pk)
    form = None
    mine = register_import.created_by_id == request.user.pk
    if register_import.status == ImportStatus.MAPPING and mine:
        form = MappingForm(request.POST or None, sheets=register_import.sheets)
        if request.method == "POST" and form.is_valid():
            try:
                register_import = services.import_map(
                    register_import=register_import, user=request.user, choices=form.choices()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("oversight:import_detail", pk=register_import.pk)
    elif request.method == "POST":
        return HttpResponse(status=405)
    preview = register_import.preview or {}
    return render(
        request,
        "oversight/imports/import_detail.html",
        {
            "item": register_import,
            "form": form,
            "mine": mine,
            "preview": preview,
            "counts": [
                {"kind": rules.KIND_LABELS[kind], **preview.get("counts", {}).get(kind, {})}
                for kind in rules.KIND_ORDER
                if any(preview.get("counts", {}).get(kind, {}).values())
            ],
            "kind_labels": rules.KIND_LABELS,
            "running": register_import.status in (ImportStatus.PREVIEWING, ImportStatus.IMPORTING),
            "rows": selectors.import_progress(register_import.pk),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def import_confirm(request, pk):
    register_import = get_object_or_404(selectors.import_list(user=request.user), pk=pk)
    try:
        register_import = services.import_confirm(
            register_import=register_import, user=request.user
        )
    except ValidationError:
        return redirect("oversight:import_detail", pk=pk)
    return redirect("oversight:import_detail", pk=pk)


@permission_required(PERMISSION, raise_exception=True)
def import_progress(request, pk):
    """What the page's progress bar asks every second."""
    register_import = get_object_or_404(selectors.import_list(user=request.user), pk=pk)
    response = JsonResponse(
        {"status": register_import.status, "rows": selectors.import_progress(register_import.pk),
         "total": (register_import.preview or {}).get("rows")}
    )  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


@permission_required(PERMISSION, raise_exception=True)
def import_file(request, pk):
    """The file as it was sent."""
    register_import = get_object_or_404(selectors.import_list(user=request.user), pk=pk)
    if not register_import.file:
        raise Http404
    return FileResponse(
        register_import.file.open("rb"), as_attachment=True, filename=register_import.file_name
    )


@permission_required(PERMISSION, raise_exception=True)
def import_template(request, kind):
    """The template of a kind of register, as XLSX."""
    if kind not in rules.KINDS:
        raise Http404
    return xlsx_download(exports.template_workbook(kind), f"template-{kind}.xlsx")
