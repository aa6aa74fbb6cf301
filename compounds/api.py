"""The compounds API: serializers and viewsets on the same selectors, FilterSets and services as the
pages (ServiceViewSet: list, read, create, update; no delete)."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from common import clock
from common.api.viewsets import ServiceViewSet
from common.rules import percent

from . import maps, rules, selectors, services
from .filtersets import (
    BuildingFilterSet,
    CommunityFilterSet,
    CompoundFilterSet,
    RenovationPlanFilterSet,
)
from .models import Building, Community, Compound, RenovationPlan


class CommunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "street", "name", "kind", "address", "created"]
        read_only_fields = ["created"]


class RenovationPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RenovationPlan
        fields = ["id", "street", "year", "name", "target_completion_date", "created"]
        read_only_fields = ["created"]
        # Uniqueness is checked by the model, in the service, with one translated message.
        validators = []


class CoordinateField(serializers.DecimalField):
    """A latitude or longitude, rounded to the six decimals kept before it is checked."""

    def validate_precision(self, value):
        return super().validate_precision(rules.round_coordinate(value))

    def quantize(self, value):
        return rules.round_coordinate(value)


class CompoundSerializer(serializers.ModelSerializer):
    building_count = serializers.IntegerField(read_only=True)
    household_count = serializers.IntegerField(read_only=True)
    total_floor_area = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    percent = serializers.SerializerMethodField(
        help_text="The progress as a whole percentage, rounded as every page and export shows "
        "it (common.rules.percent: half up, 100 only when all is done); null without work items."
    )

    latitude = CoordinateField(
        max_digits=9,
        decimal_places=6,
        allow_null=True,
        required=False,
        help_text="Degrees north (WGS-84 / CGCS2000), rounded to six decimals; with longitude.",
    )
    longitude = CoordinateField(
        max_digits=9,
        decimal_places=6,
        allow_null=True,
        required=False,
        help_text="Degrees east (WGS-84 / CGCS2000), rounded to six decimals; with latitude.",
    )

    class Meta:
        model = Compound
        fields = [
            "id",
            "plan",
            "community",
            "name",
            "address",
            "latitude",
            "longitude",
            "year_built",
            "status",
            "started_on",
            "completed_on",
            "accepted_on",
            "is_demonstration",
            "person_in_charge",
            "person_in_charge_phone",
            "contact_person",
            "contact_phone",
            "had_no_manager",
            "management_mode",
            "property_company",
            "yearly_fee_per_household",
            "notes",
            "building_count",
            "household_count",
            "total_floor_area",
            "progress",
            "percent",
            "last_log_on",
            "latest_start",
            "created",
            "updated",
        ]
        read_only_fields = ["progress", "last_log_on", "latest_start", "created", "updated"]
        validators = []

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=0, max_value=100))
    def get_percent(self, compound) -> int | None:
        return percent(compound.progress)


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = [
            "id",
            "compound",
            "number",
            "floors",
            "units",
            "households",
            "floor_area",
            "has_elevator",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators = []


class CommunityViewSet(ServiceViewSet):
    serializer_class = CommunitySerializer
    filterset_class = CommunityFilterSet
    selector = selectors.community_list
    create_service = services.community_create
    update_service = services.community_update
    instance_name = "community"


class RenovationPlanViewSet(ServiceViewSet):
    serializer_class = RenovationPlanSerializer
    filterset_class = RenovationPlanFilterSet
    selector = selectors.plan_list
    create_service = services.plan_create
    update_service = services.plan_update
    instance_name = "plan"


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class CompoundViewSet(ServiceViewSet):
    serializer_class = CompoundSerializer
    filterset_class = CompoundFilterSet
    selector = selectors.compound_list
    create_service = services.compound_create
    update_service = services.compound_update
    instance_name = "compound"

    @extend_schema(
        responses={(200, "application/geo+json"): dict},
        description="The compounds the user may see, filtered as the list is, as a GeoJSON "
        "FeatureCollection (RFC 7946, WGS-84 longitude and latitude): each feature's id is "
        "the compound's, its properties its name, community, map state (late, not_started, "
        "under_way, completed, accepted) and progress in whole percent. A compound without "
        "a location has a null geometry. Not paginated.",
    )
    @action(
        detail=False,
        url_path="geojson",
        renderer_classes=[GeoJSONRenderer, JSONRenderer],
        pagination_class=None,
    )
    def geojson(self, request):
        compounds = self.filter_queryset(selectors.compound_scope(user=request.user))
        body = maps.geojson(selectors.compound_map_rows(compounds), today=clock.today())
        return HttpResponse(body, content_type="application/geo+json")


class BuildingViewSet(ServiceViewSet):
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet
    selector = selectors.building_list
    create_service = services.building_create
    update_service = services.building_update
    instance_name = "building"
