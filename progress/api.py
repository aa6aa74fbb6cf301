"""The progress API: serializers and viewsets on the same selectors, FilterSets and services as the
pages (ServiceViewSet: list, read, create, update; no delete)."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from common.api.permissions import holds
from common.api.viewsets import ServiceViewSet

from . import selectors, services
from .filtersets import (
    CalendarDayFilterSet,
    DailyLogFilterSet,
    MilestoneFilterSet,
    RectificationFilterSet,
    WeeklyMeetingFilterSet,
    WorkItemFilterSet,
)
from .models import (
    CalendarDay,
    DailyLog,
    DailyLogEntry,
    Milestone,
    Rectification,
    WeeklyMeeting,
    WorkItem,
)
from .rules import VERDICTS
from .selectors import rectification_origin


class WorkItemSerializer(serializers.ModelSerializer):
    progress = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "compound",
            "building",
            "category",
            "description",
            "planned_quantity",
            "unit",
            "weight",
            "done_quantity",
            "planned_area",
            "done_area",
            "repeat_reason",
            "progress",
            "created",
            "updated",
        ]
        # The quantity done derives from the daily logs' entries.
        read_only_fields = ["done_quantity", "done_area", "created", "updated"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "compound",
            "order",
            "name",
            "owner",
            "duration",
            "planned_start",
            "planned_finish",
            "actual_start",
            "actual_finish",
            "latest_start",
            "latest_finish",
            "overdue_after",
            "created",
            "updated",
        ]
        read_only_fields = [
            "latest_start", "latest_finish", "overdue_after", "created", "updated"
        ]  # fmt: skip
        validators = []  # the model's constraint, checked in the service, says it in Chinese


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name"]


class DailyLogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyLogEntry
        fields = ["work_item", "quantity", "area", "excess_reason"]
        read_only_fields = ["excess_reason"]


class DailyLogSerializer(serializers.ModelSerializer):
    """A day's log with its entries; writing the entries replaces the day's quantities."""

    entries = DailyLogEntrySerializer(many=True, required=False)
    excess_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    change_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )

    class Meta:
        model = DailyLog
        fields = [
            "id",
            "compound",
            "date",
            "workers",
            *DailyLog.CHECKLIST,
            "notes",
            "problems",
            "created_by",
            "entries",
            "excess_reason",
            "change_reason",
            "created",
            "updated",
        ]
        read_only_fields = ["created_by", "created", "updated"]
        validators = []  # one log a day: the model says so, in the service, in Chinese

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        entries = data.pop("entries", None)
        if entries is not None:
            data["quantities"] = {e["work_item"]: e["quantity"] for e in entries}
            data["areas"] = {e["work_item"]: e.get("area") for e in entries}
        return data


class WeeklyMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklyMeeting
        fields = ["id", "street", "date", "title", "attendees", "agenda", "minutes", "created"]
        read_only_fields = ["created"]
        validators = []


class RectificationSerializer(serializers.ModelSerializer):
    """A problem in the register. It is raised open; the responsible side moves it to being
    fixed and submitted (with the resolution); closing, sending back and reopening go through
    the ``verify`` action of the level that raised it."""

    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    origin = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id",
            "source",
            "level",
            "origin",
            "compound",
            "meeting",
            "description",
            "responsible_unit",
            "owner",
            "deadline",
            "status",
            "resolution",
            "raised_by",
            "verified_by",
            "verification_note",
            "closed_on",
            "overdue",
            "created",
            "updated",
        ]
        read_only_fields = ["level", "raised_by", "verified_by", "verification_note",
                            "closed_on", "created", "updated"]  # fmt: skip

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "kind": {"type": "string"},
                "label": {"type": "string"},
                "url": {"type": "string"},
            },
        }
    )
    def get_origin(self, rectification):
        origin = rectification_origin(rectification)
        return {key: str(value) for key, value in origin.items()} if origin else None


class RectificationVerifySerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=sorted(VERDICTS))
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


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


# A role that verifies fixes at all; whether at this problem's level is the service's answer,
# a 403 naming the level that verifies.
MayVerify = holds("progress.verify_rectification")


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
        return self.act(services.rectification_verify, RectificationVerifySerializer)
