"""API of oversight: inspections. ROUTES are registered by oversight/api/urls.py.

District inspections with their requirements (read-only here; added through the
``requirements`` action) and the figures frozen on the visit (read-only). The inspection
group creates and corrects visits; the street answers through the ``answer`` action. Same
selector, FilterSet and services as the pages.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.permissions import holds
from common.api.viewsets import ServiceViewSet
from compounds.models import Compound

from . import selectors, services
from .filtersets import InspectionFilterSet
from .models import Inspection, InspectionRequirement


class InspectionRequirementSerializer(serializers.ModelSerializer):
    """A requirement; one about a compound carries the problem it raised and its status."""

    rectification_status = serializers.CharField(
        source="rectification.status", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = InspectionRequirement
        fields = ["id", "order", "text", "compound", "rectification", "rectification_status"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    """A visit of the district's inspection group. ``figures`` are the street's figures frozen
    when the visit was recorded; ``answer`` and ``answered_on`` are the street's, written
    through the ``answer`` action; requirements are added through the ``requirements``
    action. The street is chosen when the visit is recorded and stays."""

    compounds_visited = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Compound.objects.all(), required=False
    )
    requirements = InspectionRequirementSerializer(many=True, read_only=True)
    figures = serializers.JSONField(read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "street", "date", "group", "reviewed", "compounds_visited",
                  "other_sites", "findings", "requirements", "answer", "answered_on",
                  "figures", "recorded_by", "created", "updated"]  # fmt: skip
        read_only_fields = ["answer", "answered_on", "recorded_by", "created", "updated"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["street"].read_only = True
        return fields


class InspectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)
    answered_on = serializers.DateField(required=False, allow_null=True, default=None)


class InspectionRequirementCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    compound = serializers.PrimaryKeyRelatedField(
        queryset=Compound.objects.all(), required=False, allow_null=True, default=None
    )
    owner = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    responsible_unit = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


# A role that reads inspections; who may answer or add requirements is the services' answer,
# a 403 that says who does.
MayReadInspections = holds("oversight.view_inspection")


class InspectionViewSet(ServiceViewSet):
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    selector = selectors.inspection_list
    create_service = services.inspection_create
    update_service = services.inspection_update
    instance_name = "inspection"

    @extend_schema(request=InspectionAnswerSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[MayReadInspections])
    def answer(self, request, pk=None):
        """The street's answer to the inspection (street staff only; the inspection group
        gets a 403 that says so)."""
        return self.act(services.inspection_answer, InspectionAnswerSerializer)

    @extend_schema(
        request=InspectionRequirementCreateSerializer,
        responses={201: InspectionRequirementSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[MayReadInspections])
    def requirements(self, request, pk=None):
        """Add a requirement (the inspection group only). One naming a compound needs an owner
        (the compound's person in charge by default) and a deadline, and raises a problem on
        the compound's register that the district verifies."""
        inspection = self.get_object()
        data = InspectionRequirementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        requirement = services.requirement_add(
            user=request.user, inspection=inspection, **data.validated_data
        )
        return Response(
            InspectionRequirementSerializer(requirement).data, status=status.HTTP_201_CREATED
        )


ROUTES = [("inspections", InspectionViewSet, "inspection")]
