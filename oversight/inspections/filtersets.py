"""FilterSet of the district inspections, shared by the list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter, YesNoFilter
from common.forms import DateInput
from compounds.filtersets import CompoundFilter, StreetFilter

from .models import Inspection


class InspectionFilterSet(FilterSet):
    q = SearchFilter(fields=["group", "reviewed", "other_sites", "findings", "answer"])
    street = StreetFilter()
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("visited from"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("visited to"), widget=DateInput()
    )
    answered = YesNoFilter(method="filter_answered", label=_("answered by the street"))
    compound = CompoundFilter(field_name="compounds_visited", label=_("compound visited"))

    class Meta:
        model = Inspection
        fields = {
            "id": ["exact"],
            "date": ["exact", "gte", "lte"],
            "answered_on": ["gte", "lte"],
        }

    def filter_answered(self, queryset, name, value):
        if value is None:
            return queryset
        unanswered = Q(answer="")
        return queryset.exclude(unanswered) if value else queryset.filter(unanswered)
