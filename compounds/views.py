"""HTML pages of the register: thin, each one permission, selector, form, service, template."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common import clock
from common.exports import list_export
from common.forms import filtered_page, style_form
from common.views import EditView

from . import exports, maps, selectors, services
from .acceptance import missing_for_acceptance
from .choices import CompoundStatus
from .filtersets import CompoundFilterSet
from .forms import BuildingForm, CompoundForm
from .panels import panels_for

PAGE_SIZE = 25
# The filters the list page shows; the API takes every filter of the FilterSet.
LIST_FILTERS = ("q", "plan", "community", "status", "started")


@permission_required("compounds.view_compound", raise_exception=True)
def compound_list(request):
    context = filtered_page(
        request, CompoundFilterSet, selectors.compound_list(user=request.user), page_size=PAGE_SIZE
    )
    if response := list_export(request, context, exports.COMPOUNDS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "compounds/compound_list.html",
        {
            **context,
            # The usual filters, and any other the query uses (a dashboard figure's link), so
            # the page always shows what narrows it.
            "filter_fields": [
                form[name]
                for name in form.fields
                if name in LIST_FILTERS or request.GET.get(name, "") != ""
            ],
            "can_add": request.user.has_perm("compounds.add_compound"),
            "today": clock.today(),
        },
    )


UNLOCATED_SHOWN = 50


@permission_required("compounds.view_compound", raise_exception=True)
def compound_map(request):
    """The map of compounds (/map/): a point per compound in scope coloured by where it stands
    (its GeoJSON fetched from the API with the same filters), the legend's counts, and the
    compounds without a location named beside it (未定位), never dropped."""
    filterset = CompoundFilterSet(
        request.GET, queryset=selectors.compound_scope(user=request.user), request=request
    )
    style_form(filterset.form)
    valid = filterset.is_valid()
    rows = selectors.compound_map_rows(filterset.qs if valid else filterset.queryset.none())
    points = maps.points(rows, today=clock.today())
    unlocated = sorted(
        (item for item in points if not item.is_located), key=lambda p: (p.community, p.name)
    )
    query = request.GET.copy()
    query.pop("page", None)
    form = filterset.form
    return render(
        request,
        "compounds/compound_map.html",
        {
            "filterset": filterset,
            "query": query.urlencode(),
            "filter_fields": [
                form[name]
                for name in form.fields
                if name in LIST_FILTERS or request.GET.get(name, "") != ""
            ],
            "total": len(points),
            "legend": maps.state_counts(points),
            "unlocated": unlocated[:UNLOCATED_SHOWN],
            "unlocated_count": len(unlocated),
            "geojson_url": f"{reverse('api:compound-geojson')}?{query.urlencode()}",
            "base_map": maps.base_map(),
        },
        status=200 if valid else 400,
    )


@permission_required("compounds.view_compound", raise_exception=True)
def compound_detail(request, pk):
    compound = get_object_or_404(selectors.compound_list(user=request.user), pk=pk)
    return render(
        request,
        "compounds/compound_detail.html",
        {
            "compound": compound,
            "buildings": selectors.compound_buildings(compound=compound),
            "changes": selectors.compound_changes(compound=compound),
            "panels": panels_for(compound, request.user),
            "base_map": maps.base_map(),
            "legend": maps.state_counts(()),
            # The compound among the others of its plan.
            "geojson_url": f"{reverse('api:compound-geojson')}?plan={compound.plan_id}",
            # What acceptance still needs, once the works are under way.
            "acceptance_missing": (
                missing_for_acceptance(compound)
                if compound.status in (CompoundStatus.STARTED, CompoundStatus.COMPLETED)
                else None
            ),
            "can_change": request.user.has_perm("compounds.change_compound", compound),
            "can_add_building": request.user.has_perm("compounds.add_building")
            and request.user.has_perm("compounds.change_compound", compound),
        },
    )


def _picker_context(plan_id) -> dict:
    """What the location picker of the compound form draws: the base map and the plan's other
    compounds, for bearings when there are no tiles."""
    url = reverse("api:compound-geojson")
    return {
        "base_map": maps.base_map(),
        "legend": maps.state_counts(()),
        "geojson_url": f"{url}?plan={plan_id}" if plan_id else "",
    }


class CompoundCreate(EditView):
    permission = "compounds.add_compound"
    form_class = CompoundForm
    service = services.compound_create
    width = "col-lg-8"
    template_name = "compounds/compound_form.html"

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_success_message(self, obj):
        return _("Compound “%(name)s” added.") % {"name": obj.name}

    def get_context_data(self, **context):
        return {
            **context,
            "title": _("Add a compound"),
            "width": self.width,
            "cancel_url": reverse("compounds:compound_list"),
            **_picker_context(getattr(selectors.plan_default(user=self.request.user), "pk", None)),
        }


class CompoundUpdate(CompoundCreate):
    permission = "compounds.view_compound"
    object_permission = "compounds.change_compound"
    service = services.compound_update
    instance_name = "compound"

    def get_object(self):
        return get_object_or_404(
            selectors.compound_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {"instance": self.object, "user": self.request.user}

    def service_arguments(self, form):
        fields = dict(form.cleaned_data)
        reason = fields.pop("change_reason", "")
        return {**fields, "reason": reason}

    def get_success_message(self, obj):
        return _("Changes saved.")

    def get_context_data(self, **context):
        return {
            **context,
            "title": _("Edit compound"),
            "heading": _("Edit %(name)s") % {"name": self.object.name},
            "width": self.width,
            "cancel_url": self.object.get_absolute_url(),
            **_picker_context(self.object.plan_id),
        }


class BuildingCreate(EditView):
    permission = "compounds.add_building"
    object_permission = "compounds.change_compound"
    form_class = BuildingForm
    service = services.building_create

    def get_object(self):
        self.compound = get_object_or_404(
            selectors.compound_list(user=self.request.user), pk=self.kwargs["compound_pk"]
        )
        return None

    def permission_target(self):
        return self.compound

    def service_kwargs(self):
        return {"compound": self.compound}

    def get_success_message(self, obj):
        return _("Building %(number)s added.") % {"number": obj.number}

    def get_success_url(self, obj):
        return self.compound.get_absolute_url()

    def get_context_data(self, **context):
        title = _("Add a building")
        return {
            **context,
            "title": title,
            "breadcrumbs": [(self.compound.name, self.compound.get_absolute_url()), (title, None)],
            "cancel_url": self.compound.get_absolute_url(),
        }


class BuildingUpdate(BuildingCreate):
    permission = "compounds.view_building"
    object_permission = "compounds.change_building"
    service = services.building_update
    instance_name = "building"

    def get_object(self):
        building = get_object_or_404(
            selectors.building_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        self.compound = building.compound
        return building

    def permission_target(self):
        return self.object

    def service_kwargs(self):
        return {"building": self.object}

    def get_success_message(self, obj):
        return _("Changes saved.")

    def get_context_data(self, **context):
        number = self.object.number
        return {
            **context,
            "title": _("Edit building"),
            "heading": _("Edit building %(number)s") % {"number": number},
            "breadcrumbs": [(self.compound.name, self.compound.get_absolute_url()), (number, None)],
            "cancel_url": self.compound.get_absolute_url(),
        }
