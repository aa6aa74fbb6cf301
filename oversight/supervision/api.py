"""API of supervision: the records of each level's checks (filed with their checklist; a failed
item raises a problem at the record's level) and the residents' supervision groups. Same
selectors, FilterSets and services as the pages."""

from rest_framework import serializers

from common.api.viewsets import ServiceViewSet

from . import selectors, services
from .filtersets import SupervisionGroupMemberFilterSet, SupervisionRecordFilterSet
from .models import SupervisionCheck, SupervisionGroupMember, SupervisionRecord


class SupervisionCheckSerializer(serializers.ModelSerializer):
    """A quality item, passed or failed; ``rectification`` is the problem a failed one
    raised."""

    class Meta:
        model = SupervisionCheck
        fields = ["item", "passed", "note", "rectification"]
        read_only_fields = ["rectification"]


class SupervisionRecordSerializer(serializers.ModelSerializer):
    """A supervision record. Created with its ``checks``; ``owner``, ``responsible_unit`` and
    ``deadline`` (write-only) say who fixes what failed, by when. Afterwards only the date,
    the inspectors and the findings change, with a ``change_reason``."""

    checks = SupervisionCheckSerializer(many=True)
    owner = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    responsible_unit = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default="", max_length=100
    )
    deadline = serializers.DateField(write_only=True, required=False, allow_null=True)
    change_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )

    class Meta:
        model = SupervisionRecord
        fields = ["id", "compound", "level", "kind", "date", "inspectors", "findings", "checks",
                  "owner", "responsible_unit", "deadline", "change_reason", "recorded_by",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["recorded_by", "created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("compound", "level", "kind", "checks"):
                fields[name].read_only = True
        return fields


class SupervisionRecordViewSet(ServiceViewSet):
    serializer_class = SupervisionRecordSerializer
    filterset_class = SupervisionRecordFilterSet
    selector = selectors.record_list

    def get_queryset(self):
        return super().get_queryset().prefetch_related("checks").order_by("-date", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("change_reason", None)
        record = services.record_create(user=self.request.user, **data)
        serializer.instance = self._refetch(record)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("change_reason", "")
        for name in ("owner", "responsible_unit", "deadline"):
            data.pop(name, None)
        record = services.record_update(
            record=serializer.instance, user=self.request.user, reason=reason, **data
        )
        serializer.instance = self._refetch(record)


class SupervisionGroupMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionGroupMember
        fields = ["id", "compound", "name", "kind", "user", "joined_on", "active", "created",
                  "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []  # one account per compound: the service says so, in Chinese

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["compound"].read_only = True
        return fields


class SupervisionGroupMemberViewSet(ServiceViewSet):
    serializer_class = SupervisionGroupMemberSerializer
    filterset_class = SupervisionGroupMemberFilterSet
    selector = selectors.member_list

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        member = services.member_create(
            user=self.request.user, account=data.pop("user", None), **data
        )
        serializer.instance = self._refetch(member)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        account = data.pop("user", serializer.instance.user)
        member = services.member_update(
            member=serializer.instance, user=self.request.user, account=account, **data
        )
        serializer.instance = self._refetch(member)


ROUTES = [
    ("supervision-records", SupervisionRecordViewSet, "supervisionrecord"),
    ("supervision-group-members", SupervisionGroupMemberViewSet, "supervisiongroupmember"),
]
