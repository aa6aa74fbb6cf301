"""FilterSets of supervision, shared by the pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter, YesNoFilter
from common.forms import DateInput
from compounds.filtersets import CompoundFilter
from progress.choices import RaisedBy

from .choices import SUPERVISION_LEVELS, GroupMemberKind, SupervisionKind
from .models import SupervisionCheck, SupervisionGroupMember, SupervisionRecord


class SupervisionRecordFilterSet(FilterSet):
    q = SearchFilter(fields=["inspectors", "findings", "compound__name"])
    compound = CompoundFilter()
    community = django_filters.NumberFilter(field_name="compound__community", label=_("community"))
    plan = django_filters.NumberFilter(field_name="compound__plan", label=_("renovation plan"))
    level = django_filters.MultipleChoiceFilter(
        choices=[(v, label) for v, label in RaisedBy.choices if v in SUPERVISION_LEVELS],
        label=_("level"),
    )
    kind = django_filters.ChoiceFilter(
        choices=SupervisionKind.choices, label=_("kind"), empty_label=_("any kind")
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("from"), widget=DateInput()
    )
    date_until = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("until"), widget=DateInput()
    )
    failed = YesNoFilter(method="filter_failed", label=_("with failed items"))

    class Meta:
        model = SupervisionRecord
        fields = {"id": ["exact"], "recorded_by": ["exact"], "created": ["date__gte", "date__lte"]}

    def filter_failed(self, queryset, name, value):
        if value is None:
            return queryset
        failed = Exists(SupervisionCheck.objects.filter(record=OuterRef("pk"), passed=False))
        return queryset.filter(failed) if value else queryset.exclude(failed)


class SupervisionGroupMemberFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "compound__name"])
    compound = CompoundFilter()
    kind = django_filters.ChoiceFilter(
        choices=GroupMemberKind.choices, label=_("member as"), empty_label=_("any")
    )
    active = YesNoFilter(label=_("active"))
    has_account = YesNoFilter(
        field_name="user", lookup_expr="isnull", exclude=True, label=_("has an account")
    )

    class Meta:
        model = SupervisionGroupMember
        fields = {
            "id": ["exact"],
            "user": ["exact"],
            "joined_on": ["gte", "lte"],
            "created": ["date__gte", "date__lte"],
            "updated": ["date__gte", "date__lte"],
        }
