from common.api.viewsets import ServiceViewSet

from .. import selectors, services
from ..filtersets import (
    BuildingFilterSet,
    CommunityFilterSet,
    CompoundFilterSet,
    RenovationPlanFilterSet,
)
from .serializers import (
    BuildingSerializer,
    CommunitySerializer,
    CompoundSerializer,
    RenovationPlanSerializer,
)


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
