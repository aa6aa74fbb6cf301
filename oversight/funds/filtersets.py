"""FilterSets of the special fund, shared by the pages and the API: compounds with their fund
figures, allocations and payments."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter, YesNoFilter
from compounds.filtersets import CommunityFilter, CompoundFilter, PlanFilter
from compounds.models import Compound
from progress.choices import WorkCategory

from .models import FundAllocation, FundPayment
from .selectors import nearly_spent_q


class CompoundFundFilterSet(FilterSet):
    """Compounds annotated by oversight.funds.selectors.with_fund_figures."""

    q = SearchFilter(fields=["name", "address"], max_length=100, label=_("Name or address"))
    plan = PlanFilter()
    community = CommunityFilter()
    street = django_filters.NumberFilter(field_name="community__street", label=_("street"))
    nearly_spent = YesNoFilter(
        method="filter_nearly_spent", label=_("nearly spent (90 per cent or more paid)")
    )
    has_budget = YesNoFilter(method="filter_has_budget", label=_("has a budget"))

    class Meta:
        model = Compound
        fields = {"id": ["exact"], "status": ["exact"]}

    def filter_nearly_spent(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(nearly_spent_q()) if value else queryset.exclude(nearly_spent_q())

    def filter_has_budget(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(allocation_count__gt=0)
            if value
            else queryset.filter(allocation_count=0)
        )


class FundAllocationFilterSet(FilterSet):
    q = SearchFilter(fields=["compound__name", "note", "work_item__description"])
    compound = CompoundFilter()
    category = django_filters.MultipleChoiceFilter(
        field_name="work_item__category", choices=WorkCategory.choices, label=_("category")
    )
    work_item = django_filters.NumberFilter(label=_("work item"))
    general = YesNoFilter(field_name="work_item", lookup_expr="isnull", label=_("general budget"))

    class Meta:
        model = FundAllocation
        fields = {
            "id": ["exact"],
            "amount": ["gte", "lte"],
            "created": ["gte", "lte"],
            "updated": ["gte", "lte"],
        }


class FundPaymentFilterSet(FilterSet):
    q = SearchFilter(fields=["payee", "note", "allocation__compound__name"])
    compound = CompoundFilter(field_name="allocation__compound")
    category = django_filters.MultipleChoiceFilter(
        field_name="allocation__work_item__category",
        choices=WorkCategory.choices,
        label=_("category"),
    )
    allocation = django_filters.NumberFilter(label=_("paid out of"))
    recorded_by = django_filters.NumberFilter(label=_("recorded by"))

    class Meta:
        model = FundPayment
        fields = {
            "id": ["exact"],
            "paid_on": ["exact", "gte", "lte"],
            "payee": ["exact"],
            "amount": ["gte", "lte"],
            "created": ["gte", "lte"],
        }
