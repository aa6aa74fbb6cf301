"""The API of the residents' opinions.

Staff: the register of opinions (the same selector and FilterSet as the pages; taken down with
opinion_record, triaged with opinion_triage) and each compound's tally. Names and phones go out
through selectors.contact_of, masked unless the user may see personal data.

Public: send an opinion and follow it by its receipt code. No account and no session: anyone
may call it, within the same per-address rate limits as the public pages (the same throttle
classes, so one budget for both doors).

ROUTES and PUBLIC_ROUTES are registered on the project's router (oversight/api/urls.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from common.api.permissions import holds
from common.api.viewsets import ServiceViewSet
from compounds.models import Building, Compound
from compounds.selectors import compound_list
from progress.models import WorkItem

from ..validators import validate_mainland_phone
from . import decoys, selectors, services
from .choices import TOPIC_CHOICES, Channel, OpinionStatus
from .filtersets import OpinionFilterSet
from .forms import HONEYPOT, STAFF_CHANNELS
from .models import TEXT_MAX, Opinion
from .throttles import OpinionSubmitThrottle, OpinionTrackThrottle
from .views import facts_by_code

# --- Staff: serializers -----------------------------------------------------------------------


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


# --- Staff: viewsets --------------------------------------------------------------------------


class OpinionViewSet(ServiceViewSet):
    """Residents' opinions in the user's scope; names and phones masked without the right to
    personal data. POST records an opinion taken on a visit, at a collection point or by phone;
    PATCH triages it (status along the allowed moves, assignee, reply, work item, topics)."""

    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet
    create_service = services.opinion_record
    update_service = services.opinion_triage
    instance_name = "opinion"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @staticmethod
    def selector(*, user):
        return selectors.with_overdue(selectors.opinion_list(user=user))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return OpinionTriageSerializer
        return OpinionSerializer


@method_decorator(login_not_required, name="dispatch")
class OpinionTallyViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What a compound's residents asked for, by topic (beside the work items planned), by
    status and by channel; hidden opinions and merged duplicates are left out."""

    # The right to read opinions; the compound is found in the user's scope (another
    # community's is a 404).
    permission_classes = [holds("oversight.view_opinion")]
    serializer_class = OpinionTallySerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return compound_list(user=self.request.user)

    @extend_schema(responses=OpinionTallySerializer)
    def retrieve(self, request, *args, **kwargs):
        compound = self.get_object()
        return Response(self.get_serializer(selectors.compound_tally(compound)).data)


# --- Public -----------------------------------------------------------------------------------

TOPICS = [value for value, _label in TOPIC_CHOICES]


def _shallow_copy(field):
    """A new field object with the same attributes (copy.copy, without its __reduce_ex__)."""
    new = object.__new__(type(field))
    new.__dict__.update(field.__dict__)
    return new


class JSONAnswers(DefaultContentNegotiation):
    """Answers in the view's one renderer (JSON) whatever the Accept header says, as DRF's
    guide shows for such an API; the request body is still read by its Content-Type. Matching
    the Accept header against a single renderer cost each submission more than its checks."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicOpinionInputSerializer(serializers.Serializer):
    """A resident's opinion, as on the public form (no photos here)."""

    # Numbers only: the service's one insert checks that they exist and belong together.
    compound = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    building = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True, default=None
    )
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    # The plain values (not the translated labels): cheaper to check on each request.
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=TOPICS), min_length=1, max_length=20
    )
    text = serializers.CharField(max_length=TEXT_MAX)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = PhoneNumberField(
        region="CN", required=False, allow_blank=True, default="",
        validators=[validate_mainland_phone],
    )  # fmt: skip
    consent = serializers.BooleanField(
        help_text="True when the resident has read and agreed to the notice on personal data."
    )
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text="Leave empty (a trap for robots).",
    )

    def get_fields(self):
        """Shallow copies of the declared fields, which DRF deep-copies with their arguments
        on every request (a sixth of this endpoint's time): each copy is bound to this
        serializer on its own; what they share (the arguments, the validators, the topics'
        child field) is never changed by validating."""
        return {name: _shallow_copy(field) for name, field in self._declared_fields.items()}

    def validate_topics(self, topics):
        return list(dict.fromkeys(topics))

    def validate_consent(self, consent):
        if not consent:
            raise serializers.ValidationError(
                gettext("Please agree to the personal data notice, or we cannot take it.")
            )
        return consent


# The status is a plain string here: one of STATUS_HELP's values (a second "status" enum would
# collide in the schema with the register's).
STATUS_HELP = "One of: " + ", ".join(OpinionStatus.values) + "."


class PublicOpinionReceiptSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The receipt code: keep it to follow the opinion.")
    status = serializers.CharField(help_text=STATUS_HELP)


class PublicWorkItemSerializer(serializers.Serializer):
    category = serializers.CharField()
    category_label = serializers.CharField()
    progress = serializers.IntegerField(help_text="Percent done, 0 to 100.")


class PublicAnswerSerializer(serializers.Serializer):
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField()
    reply = serializers.CharField(help_text="The street's reply, once published; else empty.")
    replied_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField(help_text="Why it is not feasible, when it is not.")
    work_item = PublicWorkItemSerializer(allow_null=True)


class PublicOpinionSerializer(PublicAnswerSerializer):
    """What anyone holding the code may read: never a name, a phone or the text."""

    code = serializers.CharField()
    compound = serializers.CharField(help_text="The compound's name.")
    topics = serializers.ListField(child=serializers.CharField())
    received_on = serializers.DateField()
    merged_into = PublicAnswerSerializer(
        allow_null=True, help_text="The opinion this one is answered together with, if any."
    )


@extend_schema_view(
    create=extend_schema(
        summary="Send a resident's opinion",
        request=PublicOpinionInputSerializer,
        responses={
            201: PublicOpinionReceiptSerializer,
            400: OpenApiResponse(description="The reasons, per field."),
            429: OpenApiResponse(description="Too many tries; see the Retry-After header."),
        },
    ),
    retrieve=extend_schema(
        summary="Follow an opinion by its receipt code",
        responses={
            200: PublicOpinionSerializer,
            404: OpenApiResponse(description="No opinion has this code."),
            429: OpenApiResponse(description="Too many tries; see the Retry-After header."),
        },
    ),
)
@method_decorator(login_not_required, name="dispatch")
# No request transaction: a submission is one INSERT, atomic by itself (services.opinion_submit
# opens a transaction where it writes more), and following one only reads; this saves the
# BEGIN and COMMIT round trips on every call.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PublicOpinionViewSet(viewsets.GenericViewSet):
    """Public: send an opinion (POST) and follow it by its code (GET)."""

    permission_classes = [AllowAny]
    authentication_classes = []  # no session, so no CSRF token is needed or used
    queryset = Opinion.objects.none()
    serializer_class = PublicOpinionInputSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    pagination_class = None
    filter_backends = []
    renderer_classes = [JSONRenderer]  # JSON only: no browsable page to negotiate on each call
    content_negotiation_class = JSONAnswers

    def get_throttles(self):
        if self.action == "create":
            return [OpinionSubmitThrottle()]
        return [OpinionTrackThrottle()]

    def create(self, request):
        # The throttle checked both limits and counted this post as an attempt; an accepted
        # opinion (or the honeypot's answer, which looks the same) counts as one, below.
        serializer = PublicOpinionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # A robot fills the trap: answered (and counted) as a person, refusals included, but
        # its opinion is a decoy, stored nowhere (decoys.py).
        robot = bool(data.pop(HONEYPOT, "").strip())
        submit = decoys.decoy_submit if robot else services.opinion_submit
        data["compound_id"], data["building_id"] = data.pop("compound"), data.pop("building")
        intake = submit(channel=Channel.ONLINE, **data)
        OpinionSubmitThrottle().accepted(request)
        receipt = {"code": intake.code, "status": intake.status}  # PublicOpinionReceiptSerializer
        return Response(receipt, status=status.HTTP_201_CREATED)

    def retrieve(self, request, code=None):
        facts = facts_by_code(code)
        if facts is None:
            raise NotFound(gettext("No opinion has this code. Check it against your receipt."))
        return Response(PublicOpinionSerializer(facts).data)


# --- Routes -----------------------------------------------------------------------------------

ROUTES = [
    ("opinions", OpinionViewSet, "opinion"),
    ("opinion-tallies", OpinionTallyViewSet, "opiniontally"),
]
# Registered before every other route (oversight/api/urls.py).
PUBLIC_ROUTES = [("public/opinions", PublicOpinionViewSet, "public-opinion")]
