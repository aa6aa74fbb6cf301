"""One FilterSet per model, shared by the HTML lists and the API."""

from functools import partial

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common import clock
from common.filters import FilterSet, ScopedChoiceFilter, SearchFilter, YesNoFilter

from . import rules
from .choices import CompoundStatus, ManagementMode
from .models import Building, Community, Compound, RenovationPlan, Street
from .selectors import (
    community_list,
    compound_choices,
    late_to_start_q,
    plan_list,
    progress_band_q,
    street_list,
)

# Choices of the register's records in the user's scope, for every app's FilterSets (give
# field_name for a path, e.g. CommunityFilter(field_name="compound__community")).
StreetFilter = partial(ScopedChoiceFilter, selector=street_list, model=Street, label=_("street"))
CommunityFilter = partial(
    ScopedChoiceFilter, selector=community_list, model=Community, label=_("community")
)
PlanFilter = partial(
    ScopedChoiceFilter, selector=plan_list, model=RenovationPlan, label=_("renovation plan")
)
CompoundFilter = partial(
    ScopedChoiceFilter, selector=compound_choices, model=Compound, label=_("compound")
)


class StreetFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "district", "city"])

    class Meta:
        model = Street
        fields = ["id", "name", "district", "city"]


class CommunityFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "address"])
    street = StreetFilter()

    class Meta:
        model = Community
        fields = ["id", "kind", "name"]


class RenovationPlanFilterSet(FilterSet):
    q = SearchFilter(fields=["name"])
    street = StreetFilter()

    class Meta:
        model = RenovationPlan
        fields = {
            "id": ["exact"],
            "year": ["exact", "gte", "lte"],
            "target_completion_date": ["exact", "gte", "lte"],
        }


class CompoundFilterSet(FilterSet):
    q = SearchFilter(
        fields=["name", "address", "property_company", "person_in_charge", "contact_person"]
    )
    status = django_filters.MultipleChoiceFilter(choices=CompoundStatus.choices, label=_("status"))
    started = YesNoFilter(method="filter_started", label=_("started"))
    management_mode = django_filters.MultipleChoiceFilter(
        choices=ManagementMode.choices, label=_("management after renovation")
    )
    plan = PlanFilter()
    community = CommunityFilter()
    street = StreetFilter(field_name="community__street")
    district = django_filters.CharFilter(
        field_name="community__street__district", max_length=100, label=_("district")
    )
    city = django_filters.CharFilter(
        field_name="community__street__city", max_length=100, label=_("city")
    )
    year = django_filters.NumberFilter(
        field_name="plan__year", min_value=1949, max_value=2100, label=_("plan year")
    )
    late_to_start = YesNoFilter(
        method="filter_late_to_start", label=_("should have started by the schedule")
    )
    progress_band = django_filters.ChoiceFilter(
        choices=[(key, label) for key, label, *_rest in rules.PROGRESS_BANDS],
        method="filter_progress_band",
        label=_("progress"),
    )
    work = django_filters.CharFilter(
        field_name="work_items__category", distinct=True, label=_("planned work")
    )
    overdue_milestones = YesNoFilter(
        method="filter_overdue_milestones", label=_("has an overdue milestone")
    )
    located = YesNoFilter(method="filter_located", label=_("located on the map"))

    class Meta:
        model = Compound
        fields = {
            "id": ["exact"],
            "is_demonstration": ["exact"],
            "had_no_manager": ["exact"],
            "year_built": ["exact", "gte", "lte"],
            "started_on": ["gte", "lte"],
            "completed_on": ["gte", "lte"],
            "accepted_on": ["gte", "lte"],
            "progress": ["gte", "lte"],
            "last_log_on": ["gte", "lte"],
            "latest_start": ["gte", "lte"],
            # a box on the map
            "latitude": ["gte", "lte"],
            "longitude": ["gte", "lte"],
        }

    def filter_late_to_start(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = late_to_start_q(clock.today())
        return queryset.filter(lookup) if value else queryset.exclude(lookup)

    def filter_progress_band(self, queryset, name, value):
        return queryset.filter(progress_band_q(value)) if value else queryset

    def filter_overdue_milestones(self, queryset, name, value):
        if value is None:
            return queryset
        # Read through the reverse relation so the register needs no import of progress.
        milestones = Compound._meta.get_field("milestones").related_model.objects.filter(
            compound=OuterRef("pk"), overdue_after__lt=clock.today()
        )
        return queryset.filter(Exists(milestones) if value else ~Exists(milestones))

    def filter_located(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = Q(latitude__isnull=False, longitude__isnull=False)
        return queryset.filter(lookup) if value else queryset.exclude(lookup)

    def filter_started(self, queryset, name, value):
        if value is None:
            return queryset
        lookup = Q(status__in=rules.STARTED_STATUSES)
        return queryset.filter(lookup) if value else queryset.exclude(lookup)


class BuildingFilterSet(FilterSet):
    q = SearchFilter(fields=["number", "compound__name"])
    compound = CompoundFilter()
    community = CommunityFilter(field_name="compound__community")
    plan = PlanFilter(field_name="compound__plan")

    class Meta:
        model = Building
        fields = {
            "id": ["exact"],
            "number": ["exact"],
            "has_elevator": ["exact"],
            "floors": ["exact", "gte", "lte"],
            "units": ["exact", "gte", "lte"],
            "households": ["exact", "gte", "lte"],
            "floor_area": ["gte", "lte"],
        }
