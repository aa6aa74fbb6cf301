"""One FilterSet per model, shared by the staff pages and the API."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, ScopedChoiceFilter, SearchFilter, YesNoFilter
from common.forms import DateInput
from compounds.filtersets import CommunityFilter, CompoundFilter, PlanFilter

from . import selectors
from .choices import TOPIC_CHOICES, Channel, OpinionStatus
from .models import Opinion


class OpinionFilterSet(FilterSet):
    """The register of residents' opinions: the staff list page and the API filter alike."""

    q = SearchFilter(fields=["text", "code", "compound__name"])
    compound = CompoundFilter()
    community = CommunityFilter(field_name="compound__community")
    plan = PlanFilter(field_name="compound__plan")
    street = django_filters.NumberFilter(
        field_name="compound__community__street", label=_("street")
    )
    status = django_filters.MultipleChoiceFilter(choices=OpinionStatus.choices, label=_("status"))
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label=_("channel"))
    topic = django_filters.MultipleChoiceFilter(
        field_name="topic_rows__topic", choices=TOPIC_CHOICES, distinct=True, label=_("topic")
    )
    assignee = ScopedChoiceFilter(
        selector=selectors.assignee_filter_choices, model=get_user_model(), label=_("assignee")
    )
    merged = YesNoFilter(
        field_name="merged_into", lookup_expr="isnull", exclude=True, label=_("merged")
    )
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("received from"),
        widget=DateInput(),
    )  # fmt: skip
    received_until = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("received until"),
        widget=DateInput(),
    )  # fmt: skip
    replied = YesNoFilter(
        field_name="replied_at", lookup_expr="isnull", exclude=True, label=_("replied")
    )
    overdue = YesNoFilter(method="filter_overdue", label=_("reply overdue"))

    class Meta:
        model = Opinion
        fields = {
            "id": ["exact"],
            "code": ["exact"],
            "building": ["exact"],
            "recorded_by": ["exact"],
            "hidden": ["exact"],
            "reply_published": ["exact"],
            "work_item": ["exact"],
            "merged_into": ["exact"],
            "closed_at": ["date__gte", "date__lte"],
        }

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = selectors.reply_overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
