"""FilterSets of the consultations, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter
from compounds.filtersets import CompoundFilter

from .choices import ConsentAnswer, ElevatorStage
from .models import ElevatorConsent, ElevatorProject, Household, Survey


class HouseholdFilterSet(FilterSet):
    q = SearchFilter(fields=["door", "unit", "building__number", "building__compound__name"])
    compound = django_filters.NumberFilter(field_name="building__compound", label=_("compound"))

    class Meta:
        model = Household
        fields = {
            "id": ["exact"],
            "building": ["exact"],
            "unit": ["exact"],
            "door": ["exact"],
            "floor": ["exact", "gte", "lte"],
            "floor_area": ["gte", "lte"],
        }


class ElevatorProjectFilterSet(FilterSet):
    q = SearchFilter(fields=["building__number", "building__compound__name", "notes"])
    compound = CompoundFilter(field_name="building__compound")
    stage = django_filters.MultipleChoiceFilter(choices=ElevatorStage.choices, label=_("stage"))

    class Meta:
        model = ElevatorProject
        fields = {
            "id": ["exact"],
            "building": ["exact"],
            "consulting_since": ["gte", "lte"],
            "consent_reached_on": ["gte", "lte"],
            "applied_on": ["gte", "lte"],
            "approved_on": ["gte", "lte"],
            "installing_since": ["gte", "lte"],
            "in_service_since": ["gte", "lte"],
        }


class ElevatorConsentFilterSet(FilterSet):
    compound = django_filters.NumberFilter(
        field_name="project__building__compound", label=_("compound")
    )
    answer = django_filters.MultipleChoiceFilter(choices=ConsentAnswer.choices, label=_("answer"))

    class Meta:
        model = ElevatorConsent
        fields = {
            "id": ["exact"],
            "project": ["exact"],
            "household": ["exact"],
            "answered_on": ["exact", "gte", "lte"],
            "recorded_by": ["exact"],
        }


class SurveyFilterSet(FilterSet):
    q = SearchFilter(fields=["title", "description", "compound__name"])
    compound = CompoundFilter()

    class Meta:
        model = Survey
        fields = {
            "id": ["exact"],
            "opens_on": ["exact", "gte", "lte"],
            "closes_on": ["exact", "gte", "lte"],
        }
