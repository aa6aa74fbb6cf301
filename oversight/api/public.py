"""The public API of the residents' voice: send an opinion and follow it by its receipt code.

No account and no session: anyone may call it, within the same per-address rate limits as the
public pages (the same throttle classes, so one budget for both doors).
"""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .. import services
from ..choices import TOPIC_CHOICES, Channel, OpinionStatus
from ..forms_public import HONEYPOT
from ..models import TEXT_MAX, Opinion
from ..throttles import OpinionSubmitThrottle, OpinionTrackThrottle
from ..validators import validate_mainland_phone
from ..views.public import decoy_code, facts_by_code

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
                _("Please agree to the personal data notice, or we cannot take it.")
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
        if isinstance(request.data, dict) and str(request.data.get(HONEYPOT) or "").strip():
            # A robot: store nothing, answer as to a person.
            receipt = {"code": decoy_code(), "status": OpinionStatus.RECEIVED}
            return Response(receipt, status=status.HTTP_201_CREATED)
        serializer = PublicOpinionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop(HONEYPOT, None)
        data["compound_id"], data["building_id"] = data.pop("compound"), data.pop("building")
        intake = services.opinion_submit(channel=Channel.ONLINE, **data)
        receipt = {"code": intake.code, "status": intake.status}  # PublicOpinionReceiptSerializer
        return Response(receipt, status=status.HTTP_201_CREATED)

    def retrieve(self, request, code=None):
        facts = facts_by_code(code)
        if facts is None:
            raise NotFound(_("No opinion has this code. Check it against your receipt."))
        return Response(PublicOpinionSerializer(facts).data)
