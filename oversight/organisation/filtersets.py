"""FilterSets of the organisation (teams, party organisations, the participation ledger and
its activities), shared by the pages and the API. Choices of street, community and compound
stay inside the user's scope: one outside it is an invalid filter (a 400 in the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import FilterSet, SearchFilter
from compounds.filtersets import CommunityFilter, CompoundFilter, StreetFilter

from .choices import ParticipantKind, PartyGroupKind, TeamKind
from .models import CampaignActivity, Participant, PartyGroup, TaskForce


class TaskForceFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "duties", "members__name"])
    street = StreetFilter()
    kind = django_filters.MultipleChoiceFilter(choices=TeamKind.choices, label=_("team"))
    compound = CompoundFilter(field_name="compounds", label=_("compound served"), distinct=True)

    class Meta:
        model = TaskForce
        fields = {"id": ["exact"], "created": ["gte", "lte"], "updated": ["gte", "lte"]}


class PartyGroupFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "description", "members__name", "members__unit"])
    street = StreetFilter()
    community = CommunityFilter()
    kind = django_filters.MultipleChoiceFilter(choices=PartyGroupKind.choices, label=_("kind"))
    compound = CompoundFilter(field_name="compounds", label=_("compound covered"), distinct=True)

    class Meta:
        model = PartyGroup
        fields = {
            "id": ["exact"],
            "founded_on": ["exact", "gte", "lte"],
            "founded_precision": ["exact"],
            "created": ["gte", "lte"],
            "updated": ["gte", "lte"],
        }


class ParticipantFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "community__name"])
    street = StreetFilter()
    community = CommunityFilter()
    kind = django_filters.MultipleChoiceFilter(choices=ParticipantKind.choices, label=_("kind"))

    class Meta:
        model = Participant
        fields = {
            "id": ["exact"],
            "people": ["gte", "lte"],
            "red_property": ["exact"],
            "created": ["gte", "lte"],
            "updated": ["gte", "lte"],
        }


class CampaignActivityFilterSet(FilterSet):
    q = SearchFilter(fields=["title", "community__name"])
    street = StreetFilter()
    community = CommunityFilter()

    class Meta:
        model = CampaignActivity
        fields = {
            "id": ["exact"],
            "date": ["exact", "gte", "lte"],
            "participants": ["gte", "lte"],
        }
