from rest_framework import serializers

from ..models import CalendarDay, Milestone, WorkItem


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
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators = []  # the model's constraint, checked in the service, says it in Chinese


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name"]
