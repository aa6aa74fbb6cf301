"""FilterSet of the district inspections, shared by the list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter, YesNoFilter
from common.forms import DateInput
from compounds.models import Compound, Street
from compounds.selectors import compound_choices, street_list

from .models import Inspection


def _streets(request):
    return street_list(user=request.user) if request else Street.objects.none()


def _compounds(request):
    return compound_choices(user=request.user) if request else Compound.objects.none()


class InspectionFilterSet(FilterSet):
    q = SearchFilter(fields=["group", "reviewed", "other_sites", "findings", "answer"])
    street = django_filters.ModelChoiceFilter(queryset=_streets, label=_("street"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("visited from"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("visited to"), widget=DateInput()
    )
    answered = YesNoFilter(method="filter_answered", label=_("answered by the street"))
    compound = django_filters.ModelChoiceFilter(
        field_name="compounds_visited", queryset=_compounds, label=_("compound visited")
    )

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
