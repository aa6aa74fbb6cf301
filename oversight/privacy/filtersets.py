"""One FilterSet per model, shared by the staff page (and an API, should one come)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter
from common.forms import DateInput
from compounds.filtersets import CommunityFilter, CompoundFilter

from .choices import RequestKind, RequestStatus
from .models import PrivacyRequest


class PrivacyRequestFilterSet(FilterSet):
    """The residents' data requests of the user's compounds."""

    q = SearchFilter(fields=["opinion__code", "opinion__compound__name"])
    compound = CompoundFilter(field_name="opinion__compound")
    community = CommunityFilter(field_name="opinion__compound__community")
    kind = django_filters.MultipleChoiceFilter(choices=RequestKind.choices, label=_("request"))
    status = django_filters.MultipleChoiceFilter(choices=RequestStatus.choices, label=_("status"))
    created_from = django_filters.DateFilter(
        field_name="created", lookup_expr="date__gte", label=_("received from"),
        widget=DateInput(),
    )  # fmt: skip
    created_until = django_filters.DateFilter(
        field_name="created", lookup_expr="date__lte", label=_("received until"),
        widget=DateInput(),
    )  # fmt: skip

    class Meta:
        model = PrivacyRequest
        fields = {
            "id": ["exact"],
            "opinion": ["exact"],
            "handled_by": ["exact"],
            "handled_at": ["date__gte", "date__lte"],
        }
