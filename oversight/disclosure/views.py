"""Pages of the residents' voice: disclosure (及时公开相关信息). Public, no account needed, and
no personal data: they read only through oversight.disclosure."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from common import clock
from compounds import maps

from . import selectors
from .sections import sections_for

# The filters the public list shows, in order.
LIST_FILTERS = ("q", "community", "status")


@login_not_required
@require_safe
def public_compound_list(request):
    context = selectors.compound_page(request.GET)
    form = context["filterset"].form
    for name in LIST_FILTERS:  # large fields, for thumbs and older eyes
        widget = form.fields[name].widget
        classes = widget.attrs.get("class", "")
        large = "form-select-lg" if "form-select" in classes else "form-control-lg"
        widget.attrs["class"] = f"{classes} {large}".strip()
    return render(
        request,
        "oversight/disclosure/compound_list.html",
        {**context, "filter_fields": [form[name] for name in LIST_FILTERS]},
    )


@login_not_required
@require_safe
def public_compound_detail(request, pk):
    compound = selectors.compound_detail(pk)
    if compound is None:
        raise Http404("No such compound.")
    return render(
        request,
        "oversight/disclosure/compound_detail.html",
        {"compound": compound, "sections": sections_for(compound)},
    )


@login_not_required
@require_safe
def public_compound_geojson(request):
    """The public list's compounds as GeoJSON (compounds.maps), filtered as the list is, with
    each one's public page; a filter it cannot read is a 400 that names it."""
    filterset, rows = selectors.compound_map_rows_public(request.GET)
    if rows is None:
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    # Each compound's public page: the path with its id in the place of 0.
    page = reverse("oversight:public_compound_detail", kwargs={"pk": 0}).rsplit("0/", 1)[0]
    body = maps.geojson(rows, today=clock.today(), public=True, page=page)
    return HttpResponse(body, content_type="application/geo+json")


@login_not_required
@require_safe
def public_photo(request, pk):
    """Serve a site photo a compound's public page shows; any other photo is not found."""
    photo = selectors.public_photo(pk)
    if photo is None:
        raise Http404("No such public photo.")
    try:
        image = photo.image.open("rb")
    except (FileNotFoundError, ValueError) as error:  # the file is gone, or was never saved
        raise Http404("The photo's file is missing.") from error
    response = FileResponse(image, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response
