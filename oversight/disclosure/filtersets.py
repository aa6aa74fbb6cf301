"""FilterSets of the public disclosure: the search and filters of the public list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter
from compounds.choices import CompoundStatus
from compounds.models import Community, Compound


class PublicCompoundFilterSet(FilterSet):
    """Search and filters of the public list: public fields only."""

    q = SearchFilter(fields=["name", "address"], max_length=100, label=_("Name or address"))
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.filter(compounds__isnull=False)
        .distinct()
        .only("pk", "name")
        .order_by("name", "pk"),
        label=_("community"),
        empty_label=_("all communities"),
    )
    status = django_filters.ChoiceFilter(
        choices=CompoundStatus.choices, label=_("status"), empty_label=_("any status")
    )

    class Meta:
        model = Compound
        fields = []
