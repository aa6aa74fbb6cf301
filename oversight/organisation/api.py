"""API of oversight: organisation. ROUTES are registered by oversight/api/urls.py.

The street's leading group and task-force teams and its party organisations (their members
nested, read-only: they are kept on the pages), the participation ledger's lines and the
campaign's activities, and a read-only endpoint with a street's participation figures. Same
selectors, FilterSets and services as the pages."""

from functools import partial

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from common.api.fields import ScopedPrimaryKeyField
from common.api.permissions import holds
from common.api.viewsets import ServiceViewSet
from compounds.selectors import community_list, compound_list, street_list

from . import selectors, services
from .filtersets import (
    CampaignActivityFilterSet,
    ParticipantFilterSet,
    PartyGroupFilterSet,
    TaskForceFilterSet,
)
from .models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)

# --------------------------------------------------------------------------------------------
# Fields whose choices are the user's scope (anything else is "does not exist", a 400)


def _compounds(*, user):
    return compound_list(user=user).select_related("community")


StreetField = partial(ScopedPrimaryKeyField, selector=street_list)
CommunityField = partial(ScopedPrimaryKeyField, selector=community_list)
CompoundField = partial(ScopedPrimaryKeyField, selector=_compounds)


# --------------------------------------------------------------------------------------------
# Serializers


class CompoundContactSerializer(serializers.Serializer):
    """A compound served or covered, with who answers for it (专人负责、专人对接)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    community = serializers.CharField(source="community.name")
    person_in_charge = serializers.CharField()
    person_in_charge_phone = serializers.CharField(allow_null=True)
    contact_person = serializers.CharField()
    contact_phone = serializers.CharField(allow_null=True)


class ServedCompoundsMixin(serializers.Serializer):
    """The compounds a team serves or an organisation covers, as the request's user may see
    them (selectors.served_compounds): ``compounds`` and ``compound_contacts`` of the user's
    scope, ``other_compounds`` the number of the others."""

    compound_contacts = serializers.SerializerMethodField()
    other_compounds = serializers.SerializerMethodField()

    def to_representation(self, instance):
        request = self.context.get("request")
        user = request.user if request is not None else None
        self._served = selectors.served_compounds(instance, user=user)
        data = super().to_representation(instance)
        data["compounds"] = [compound.pk for compound in self._served.compounds]
        return data

    @extend_schema_field(CompoundContactSerializer(many=True))
    def get_compound_contacts(self, instance) -> list:
        return CompoundContactSerializer(self._served.compounds, many=True).data

    def get_other_compounds(self, instance) -> int:
        """Compounds outside the user's scope: counted, not named."""
        return self._served.others


class TaskForceMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskForceMember
        fields = ["id", "name", "unit", "position", "duty"]
        read_only_fields = fields


class TaskForceSerializer(ServedCompoundsMixin, serializers.ModelSerializer):
    """The leading group or a team of the task force. ``compounds`` (ids) are those it
    serves and ``compound_contacts`` shows them with their persons in charge and contacts,
    those of the user's scope (``other_compounds`` counts the others). The street is chosen
    on creation and stays; members are kept on the pages."""

    street = StreetField()
    compounds = CompoundField(many=True, required=False)
    members = TaskForceMemberSerializer(many=True, read_only=True)

    class Meta:
        model = TaskForce
        fields = ["id", "street", "kind", "name", "duties", "compounds", "compound_contacts",
                  "other_compounds", "members", "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []  # one name per street: the service says so, in Chinese

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["street"].read_only = True
        return fields


class PartyMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyMember
        fields = ["id", "name", "unit_kind", "unit", "position"]
        read_only_fields = fields


class PartyGroupSerializer(ServedCompoundsMixin, serializers.ModelSerializer):
    """A temporary party branch or a group such as a help group. A founding known only to the
    month (``founded_precision`` "month") is kept as the month's first day."""

    street = StreetField()
    community = CommunityField(required=False, allow_null=True)
    compounds = CompoundField(many=True, required=False)
    members = PartyMemberSerializer(many=True, read_only=True)

    class Meta:
        model = PartyGroup
        fields = ["id", "street", "community", "kind", "name", "founded_on", "founded_precision",
                  "description", "compounds", "compound_contacts", "other_compounds", "members",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["street"].read_only = True
        return fields


class ParticipantSerializer(serializers.ModelSerializer):
    street = StreetField()
    community = CommunityField(required=False, allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "street", "community", "kind", "name", "people", "red_property",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["created", "updated"]
        validators = []  # one line per name and kind: the service says so, in Chinese

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["street"].read_only = True
        return fields


class CampaignActivitySerializer(serializers.ModelSerializer):
    street = StreetField()
    community = CommunityField(required=False, allow_null=True)

    class Meta:
        model = CampaignActivity
        fields = ["id", "street", "community", "date", "title", "participants"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["street"].read_only = True
        return fields


class CommunityParticipationSerializer(serializers.Serializer):
    community = serializers.IntegerField(source="community.pk", allow_null=True)
    community_name = serializers.CharField(source="community.name", allow_null=True)
    committee = serializers.IntegerField(help_text="People of the community's committees.")
    building_heads = serializers.IntegerField()
    active_residents = serializers.IntegerField()
    property_companies = serializers.IntegerField()
    volunteer_teams = serializers.IntegerField()
    people = serializers.IntegerField()


class ParticipationFiguresSerializer(serializers.Serializer):
    """A street's participation figures, counted from its ledger (rules.participation_figures):
    communities whose committees take part, property companies (and red ones) and volunteer
    teams by line, building heads, volunteers and active residents by people, and everyone."""

    street = serializers.IntegerField(source="street.pk")
    street_name = serializers.CharField(source="street.name")
    communities = serializers.IntegerField(source="figures.communities")
    property_companies = serializers.IntegerField(source="figures.property_companies")
    red_property_companies = serializers.IntegerField(source="figures.red_property_companies")
    building_heads = serializers.IntegerField(source="figures.building_heads")
    volunteer_teams = serializers.IntegerField(source="figures.volunteer_teams")
    volunteers = serializers.IntegerField(source="figures.volunteers")
    active_residents = serializers.IntegerField(source="figures.active_residents")
    people = serializers.IntegerField(source="figures.people")
    lines = serializers.IntegerField(help_text="Lines of the ledger.")
    activity_count = serializers.IntegerField()
    activity_people = serializers.IntegerField(help_text="People taking part, summed over days.")
    by_community = CommunityParticipationSerializer(source="communities", many=True)


# --------------------------------------------------------------------------------------------
# Viewsets


def _with_members_and_compounds(selector, member_model):
    """A viewset's selector: the teams or organisations ``selector`` gives, with their members
    and the compounds they serve."""

    def select(*, user):
        queryset = selectors.with_members(selector(user=user), member_model)
        return queryset.prefetch_related("compounds__community")

    return select


class TaskForceViewSet(ServiceViewSet):
    """The street's leading group and the task force's teams, with their members and the
    compounds each serves."""

    serializer_class = TaskForceSerializer
    filterset_class = TaskForceFilterSet
    create_service = services.taskforce_create
    update_service = services.taskforce_update
    instance_name = "task_force"
    selector = _with_members_and_compounds(selectors.taskforce_list, TaskForceMember)


class PartyGroupViewSet(ServiceViewSet):
    """Party organisations: temporary party branches and groups such as help groups."""

    serializer_class = PartyGroupSerializer
    filterset_class = PartyGroupFilterSet
    create_service = services.partygroup_create
    update_service = services.partygroup_update
    instance_name = "group"
    selector = _with_members_and_compounds(selectors.partygroup_list, PartyMember)


class ParticipantViewSet(ServiceViewSet):
    """Lines of the participation ledger of the hygiene campaign."""

    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilterSet
    selector = selectors.participant_list
    create_service = services.participant_create
    update_service = services.participant_update
    instance_name = "participant"


class CampaignActivityViewSet(ServiceViewSet):
    """Days of the hygiene campaign and how many took part."""

    serializer_class = CampaignActivitySerializer
    filterset_class = CampaignActivityFilterSet
    selector = selectors.campaignactivity_list
    create_service = services.campaignactivity_create
    update_service = services.campaignactivity_update
    instance_name = "activity"


@method_decorator(login_not_required, name="dispatch")
class ParticipationFiguresViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A street's participation figures (GET participation-figures/<street id>/)."""

    # The right to read the ledger; the street is found in the user's scope (another is a 404).
    permission_classes = [holds("oversight.view_participant")]
    serializer_class = ParticipationFiguresSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return street_list(user=self.request.user)

    @extend_schema(responses=ParticipationFiguresSerializer)
    def retrieve(self, request, *args, **kwargs):
        street = self.get_object()
        return Response(self.get_serializer(selectors.participation(street=street)).data)


ROUTES = [
    ("task-forces", TaskForceViewSet, "taskforce"),
    ("party-groups", PartyGroupViewSet, "partygroup"),
    ("participants", ParticipantViewSet, "participant"),
    ("campaign-activities", CampaignActivityViewSet, "campaignactivity"),
    ("participation-figures", ParticipationFiguresViewSet, "participationfigures"),
]
