"""Serializers of the residents' voice for the staff API. Names and phones go out through
selectors.contact_of, masked unless the user may see personal data."""

from django.utils.translation import gettext_lazy as _
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from compounds.models import Building, Compound
from progress.models import WorkItem

from .. import selectors
from ..choices import TOPIC_CHOICES, OpinionStatus
from ..forms_staff import STAFF_CHANNELS
from ..models import Opinion
from ..validators import validate_mainland_phone


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion; written here by staff who took it down (POST) and triaged (PATCH)."""

    compound = serializers.PrimaryKeyRelatedField(queryset=Compound.objects.all())
    building = serializers.PrimaryKeyRelatedField(
        queryset=Building.objects.all(), required=False, allow_null=True
    )
    channel = serializers.ChoiceField(choices=STAFF_CHANNELS)
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=50,
        help_text=_("Masked (the family name only) without the right to personal data."),
    )  # fmt: skip
    phone = PhoneNumberField(
        region="CN", required=False, allow_blank=True, validators=[validate_mainland_phone],
        help_text=_("A mainland number; masked (138****8000) without the right to personal data."),
    )  # fmt: skip
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=TOPIC_CHOICES), allow_empty=False, max_length=20
    )
    reply_time = serializers.DurationField(
        read_only=True, allow_null=True, help_text=_("From receipt to the reply; null until then.")
    )
    reply_overdue = serializers.SerializerMethodField(
        help_text=_("Still waiting for a reply past the street's target.")
    )
    personal_data_masked = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = [
            "id",
            "code",
            "compound",
            "building",
            "unit",
            "text",
            "topics",
            "name",
            "phone",
            "personal_data_masked",
            "channel",
            "received_at",
            "recorded_by",
            "status",
            "assignee",
            "reason",
            "reply",
            "reply_published",
            "replied_at",
            "reply_time",
            "reply_overdue",
            "closed_at",
            "work_item",
            "hidden",
            "hidden_reason",
            "merged_into",
            "created",
            "updated",
        ]
        read_only_fields = [
            "code",
            "received_at",
            "recorded_by",
            "status",
            "assignee",
            "reason",
            "reply",
            "reply_published",
            "replied_at",
            "closed_at",
            "work_item",
            "hidden",
            "hidden_reason",
            "merged_into",
            "created",
            "updated",
        ]

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_reply_overdue(self, opinion) -> bool:
        return bool(getattr(opinion, "reply_overdue", False))

    def get_personal_data_masked(self, opinion) -> bool:
        return not selectors.may_see_personal_data(self._user())

    def to_representation(self, opinion):
        data = super().to_representation(opinion)
        contact = selectors.contact_of(opinion, user=self._user())
        data["name"] = contact.name
        data["phone"] = contact.tel or contact.phone  # E.164 unmasked, 138****8000 masked
        return data

    def validate(self, attrs):
        if "phone" in attrs:
            attrs["phone"] = attrs["phone"] or ""
        return attrs


class OpinionTriageSerializer(OpinionSerializer):
    """Triage of an opinion (PATCH): status, assignee, reason, reply, work item, topics. What
    the resident said stays as they said it."""

    compound = serializers.PrimaryKeyRelatedField(read_only=True)
    building = serializers.PrimaryKeyRelatedField(read_only=True)
    channel = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=Opinion._meta.get_field("assignee").related_model.objects.all(),
        required=False,
        allow_null=True,
    )
    work_item = serializers.PrimaryKeyRelatedField(
        queryset=WorkItem.objects.all(), required=False, allow_null=True
    )
    # A plain string here (checked below): the status enum is named once, on Opinion.
    status = serializers.CharField(
        required=False,
        help_text=_(
            "One of the statuses of an opinion (see Opinion); only the moves the triage "
            "rules allow are accepted."
        ),
    )

    class Meta(OpinionSerializer.Meta):
        read_only_fields = [
            "code",
            "unit",
            "text",
            "received_at",
            "recorded_by",
            "replied_at",
            "closed_at",
            "hidden",
            "hidden_reason",
            "merged_into",
            "created",
            "updated",
        ]

    def validate_status(self, value):
        if value not in OpinionStatus.values:
            raise serializers.ValidationError(
                _("“%(value)s” is not a status of an opinion.") % {"value": value}
            )
        return value

    def validate_assignee(self, user):
        opinion = self.instance
        if user is None or opinion is None or user.pk == opinion.assignee_id:
            return user
        if not selectors.assignee_choices(compound=opinion.compound).filter(pk=user.pk).exists():
            raise serializers.ValidationError(
                _("This person does not work on this compound's opinions.")
            )
        return user


class TopicTallySerializer(serializers.Serializer):
    topic = serializers.CharField(help_text=_("A topic residents tick, or a work category."))
    label = serializers.CharField()
    count = serializers.IntegerField(help_text=_("Visible opinions ticking this topic."))
    work_items = serializers.IntegerField(
        help_text=_("Work items of this category planned in the compound.")
    )
    progress = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True,
        help_text=_("Weighted progress of those work items, 0 to 1; null without any."),
    )  # fmt: skip


class CountSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class OpinionTallySerializer(serializers.Serializer):
    """What a compound's residents asked for: visible opinions (not hidden, not merged)."""

    compound = serializers.IntegerField(source="compound.pk")
    total = serializers.IntegerField()
    by_topic = TopicTallySerializer(many=True)
    by_status = CountSerializer(many=True)
    by_channel = CountSerializer(many=True)

    def to_representation(self, tally):
        tally = {
            **tally,
            "by_status": [
                {"value": r["status"], "label": r["label"], "count": r["count"]}
                for r in tally["by_status"]
            ],
            "by_channel": [
                {"value": r["channel"], "label": r["label"], "count": r["count"]}
                for r in tally["by_channel"]
            ],
        }
        return super().to_representation(tally)
