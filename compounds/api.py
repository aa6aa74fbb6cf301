"""The compounds API: serializers and viewsets on the same selectors, FilterSets and services as the
pages (ServiceViewSet: list, read, create, update; no delete)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.viewsets import ServiceViewSet
from common.rules import percent

from . import selectors, services
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


class CompoundSerializer(serializers.ModelSerializer):
    building_count = serializers.IntegerField(read_only=True)
    household_count = serializers.IntegerField(read_only=True)
    total_floor_area = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    percent = serializers.SerializerMethodField(
        help_text="The progress as a whole percentage, rounded as every page and export shows "
        "it (common.rules.percent: half up, 100 only when all is done); null without work items."
    )

    class Meta:
        model = Compound
        fields = [
            "id",
            "plan",
            "community",
            "name",
            "address",
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


class CompoundViewSet(ServiceViewSet):
    serializer_class = CompoundSerializer
    filterset_class = CompoundFilterSet
    selector = selectors.compound_list
    create_service = services.compound_create
    update_service = services.compound_update
    instance_name = "compound"


class BuildingViewSet(ServiceViewSet):
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet
    selector = selectors.building_list
    create_service = services.building_create
    update_service = services.building_update
    instance_name = "building"
