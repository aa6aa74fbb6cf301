"""API of the special fund (专项资金): budgets (allocations), payments with their supporting
documents, and each compound's planned, paid and remaining budget. Same selectors, FilterSets
and services as the pages. ROUTES are registered by oversight/api/urls.py.

A budget's amount changes by PATCH (or PUT) with ``amount`` and a ``reason``; a payment is
created with a multipart request carrying its ``document``. Payments are never changed.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, MultiPartParser

from common.api.fields import ScopedPrimaryKeyField
from common.api.parsers import BoundedJSONParser
from common.api.permissions import holds
from common.api.viewsets import ServiceViewSet
from compounds.models import Compound
from compounds.selectors import compound_choices, scoped
from progress.models import WorkItem

from . import selectors, services
from .filtersets import CompoundFundFilterSet, FundAllocationFilterSet, FundPaymentFilterSet
from .models import FundAllocation, FundPayment
from .rules import budget_figures

MONEY = {"max_digits": 16, "decimal_places": 2}


def _allocations(*, user):
    return FundAllocation.objects.filter(pk__in=selectors.allocation_list(user=user).values("pk"))


def _compounds(*, user):
    return scoped(Compound.objects.all(), user)


def _work_items(*, user):
    return WorkItem.objects.filter(compound__in=compound_choices(user=user).values("pk"))


# --------------------------------------------------------------------------------------------
# Serializers


class FundAllocationSerializer(serializers.ModelSerializer):
    """A budget, created with ``compound``, ``work_item`` (null for the general pot),
    ``amount`` and ``note``; ``paid``, ``remaining`` and ``payment_count`` are read."""

    compound = ScopedPrimaryKeyField(selector=_compounds, queryset=Compound.objects.none())
    work_item = ScopedPrimaryKeyField(
        selector=_work_items,
        queryset=WorkItem.objects.none(),
        required=False,
        allow_null=True,
    )
    label = serializers.SerializerMethodField()
    paid = serializers.DecimalField(read_only=True, **MONEY)
    remaining = serializers.SerializerMethodField()
    payment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = FundAllocation
        fields = ["id", "compound", "work_item", "label", "amount", "paid", "remaining",
                  "payment_count", "note", "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []  # one budget per work item: the service says so, in Chinese

    def get_label(self, allocation) -> str:
        return selectors.allocation_label(allocation)

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_remaining(self, allocation):
        paid = getattr(allocation, "paid", None)
        if paid is None:
            return str(selectors.allocation_budget(allocation=allocation).remaining)
        return str(allocation.amount - paid)


class FundAllocationChangeSerializer(serializers.Serializer):
    """A budget's new amount and the reason for it (kept in the history); both required,
    with PUT and PATCH alike, by services.allocation_change, which says which is missing.
    The budget's compound, work item and note stay."""

    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        default=None,
    )
    reason = serializers.CharField(
        max_length=services.REASON_MAX,
        help_text="Why the amount changes; kept in the history.",
        required=False,
        allow_blank=True,
        default="",
    )


class FundPaymentSerializer(serializers.ModelSerializer):
    """A payment out of a budget. Created with a multipart request: ``allocation``,
    ``paid_on``, ``payee``, ``amount``, ``note`` and the ``document`` (PDF, JPEG or PNG, at
    most 10 MB). The document is read at ``document_url``."""

    allocation = ScopedPrimaryKeyField(
        selector=_allocations, queryset=FundAllocation.objects.none()
    )
    compound = serializers.IntegerField(source="allocation.compound_id", read_only=True)
    document = serializers.FileField(
        write_only=True, help_text="The supporting document: PDF, JPEG or PNG, at most 10 MB."
    )
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = FundPayment
        fields = ["id", "allocation", "compound", "paid_on", "payee", "amount", "note",
                  "document", "document_url", "recorded_by", "created"]  # fmt: skip
        read_only_fields = ["recorded_by", "created"]
        extra_kwargs = {"paid_on": {"required": True}}

    def get_document_url(self, payment) -> str:
        url = reverse("oversight:fund_payment_document", kwargs={"pk": payment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CompoundFundSerializer(serializers.Serializer):
    """A compound's planned, paid and remaining budget, in yuan."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    community = serializers.IntegerField(source="community_id")
    plan = serializers.IntegerField(source="plan_id")
    planned = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)
    paid_percent = serializers.SerializerMethodField()
    allocation_count = serializers.IntegerField()
    payment_count = serializers.IntegerField()

    def get_paid_percent(self, compound) -> int | None:
        return budget_figures(compound.planned, compound.paid)["percent"]


# --------------------------------------------------------------------------------------------
# Viewsets


class FundAllocationViewSet(ServiceViewSet):
    """Budgets of the special fund. PUT or PATCH changes the amount, with a reason (both
    required); the answer is the budget with its figures."""

    serializer_class = FundAllocationSerializer
    filterset_class = FundAllocationFilterSet
    selector = selectors.allocation_list
    create_service = services.allocation_create
    instance_name = "allocation"

    def get_queryset(self):
        return selectors.allocation_list(user=self.request.user)

    @extend_schema(request=FundAllocationChangeSerializer, responses=FundAllocationSerializer)
    def update(self, request, *args, **kwargs):
        return self.act(services.allocation_change, FundAllocationChangeSerializer)

    @extend_schema(request=FundAllocationChangeSerializer, responses=FundAllocationSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class FundPaymentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Payments out of the special fund; created with their document, never changed."""

    serializer_class = FundPaymentSerializer
    filterset_class = FundPaymentFilterSet
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    def get_queryset(self):
        return selectors.payment_list(user=self.request.user)

    def perform_create(self, serializer):
        payment = services.payment_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=payment.pk)


@method_decorator(login_not_required, name="dispatch")
class CompoundFundViewSet(viewsets.ReadOnlyModelViewSet):
    """Each compound of the user's scope with its planned, paid and remaining budget."""

    serializer_class = CompoundFundSerializer
    filterset_class = CompoundFundFilterSet
    permission_classes = [holds("oversight.view_fundallocation")]  # the right to read budgets

    def get_queryset(self):
        return selectors.compound_fund_list(user=self.request.user)


ROUTES = [
    ("fund-allocations", FundAllocationViewSet, "fundallocation"),
    ("fund-payments", FundPaymentViewSet, "fundpayment"),
    ("fund-summaries", CompoundFundViewSet, "compoundfund"),
]
