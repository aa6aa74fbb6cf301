from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from common.api.viewsets import ServiceViewSet

from .. import selectors, services
from ..filtersets import (
    CalendarDayFilterSet,
    DailyLogFilterSet,
    MilestoneFilterSet,
    RectificationFilterSet,
    WeeklyMeetingFilterSet,
    WorkItemFilterSet,
)
from ..models import CalendarDay
from .serializers import (
    CalendarDaySerializer,
    DailyLogSerializer,
    MilestoneSerializer,
    RectificationSerializer,
    RectificationVerifySerializer,
    WeeklyMeetingSerializer,
    WorkItemSerializer,
)


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


class DailyLogViewSet(ServiceViewSet):
    serializer_class = DailyLogSerializer
    filterset_class = DailyLogFilterSet
    selector = selectors.daily_log_list

    def get_queryset(self):
        return super().get_queryset().prefetch_related("entries")

    def perform_create(self, serializer):
        data = serializer.service_arguments()
        data.pop("change_reason", None)
        log = services.daily_log_create(user=self.request.user, **data)
        serializer.instance = self._refetch(log)

    def perform_update(self, serializer):
        data = serializer.service_arguments()
        data.pop("compound", None)
        reason = data.pop("change_reason", "")
        log = services.daily_log_update(
            log=serializer.instance, user=self.request.user, reason=reason, **data
        )
        serializer.instance = self._refetch(log)


class WeeklyMeetingViewSet(ServiceViewSet):
    serializer_class = WeeklyMeetingSerializer
    filterset_class = WeeklyMeetingFilterSet
    selector = selectors.meeting_list
    create_service = services.meeting_create
    update_service = services.meeting_update
    instance_name = "meeting"


class MayVerify(BasePermission):
    """A role that verifies fixes at all; whether at this problem's level is the service's
    answer, a 403 naming the level that verifies."""

    def has_permission(self, request, view):
        return request.user.has_perm("progress.verify_rectification")


class RectificationViewSet(ServiceViewSet):
    serializer_class = RectificationSerializer
    filterset_class = RectificationFilterSet
    selector = selectors.rectification_list
    create_service = services.rectification_create
    update_service = services.rectification_update
    instance_name = "rectification"

    @extend_schema(request=RectificationVerifySerializer, responses=RectificationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[MayVerify])
    def verify(self, request, pk=None):
        """The verifying level's verdict on a fix: close, send_back (with a note) or reopen.
        A user of another level gets a 403 that says who verifies."""
        problem = self.get_object()
        data = RectificationVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verified = services.rectification_verify(
            rectification=problem, user=request.user, **data.validated_data
        )
        return Response(self.get_serializer(self._refetch(verified)).data)
