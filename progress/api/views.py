from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from rest_framework import viewsets

from renovation.api.viewsets import ServiceViewSet

from .. import selectors, services
from ..filtersets import CalendarDayFilterSet, MilestoneFilterSet, WorkItemFilterSet
from ..models import CalendarDay
from .serializers import CalendarDaySerializer, MilestoneSerializer, WorkItemSerializer


class WorkItemViewSet(ServiceViewSet):
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilterSet
    selector = selectors.work_item_list
    create_service = services.work_item_create
    update_service = services.work_item_update
    instance_name = "work_item"


class MilestoneViewSet(ServiceViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    selector = selectors.milestone_list
    create_service = services.milestone_create
    update_service = services.milestone_update
    instance_name = "milestone"


@method_decorator(login_not_required, name="dispatch")
class CalendarDayViewSet(viewsets.ReadOnlyModelViewSet):
    """The holiday table (read-only here; the admin keeps it)."""

    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilterSet
    queryset = CalendarDay.objects.order_by("date")
