"""API of the consultations: households, elevator additions with their article 278 figures,
the households' answers, and surveys with their results. Same selectors, FilterSets and
services as the pages."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from common.api.viewsets import ServiceViewSet

from . import rules, selectors, services
from .choices import ElevatorStage
from .filtersets import (
    ElevatorConsentFilterSet,
    ElevatorProjectFilterSet,
    HouseholdFilterSet,
    SurveyFilterSet,
)
from .models import ElevatorConsent, ElevatorProject, Household, Survey

# --------------------------------------------------------------------------------------------
# Serializers


class HouseholdSerializer(serializers.ModelSerializer):
    """A home; its owner is masked, and its code left out, without the right to personal
    data."""

    code = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Household
        fields = ["id", "building", "unit", "door", "floor", "floor_area", "owner_name", "code",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["code", "created", "updated"]
        validators = []  # one home per door: the service says so, in Chinese

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = request.user if request is not None else None
        data["owner_name"] = selectors.owner_name_for(instance, user=user)
        data["code"] = selectors.household_code_for(instance, user=user)
        return data


class ThresholdSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=[rule.key for rule in rules.THRESHOLDS])
    part = serializers.DecimalField(max_digits=12, decimal_places=2)
    whole = serializers.DecimalField(max_digits=12, decimal_places=2)
    needed = serializers.DecimalField(max_digits=12, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    required = serializers.SerializerMethodField()
    met = serializers.BooleanField()
    is_area = serializers.BooleanField()
    short = serializers.DecimalField(max_digits=12, decimal_places=2)

    def get_required(self, figure) -> str:
        return f"{figure.required.numerator}/{figure.required.denominator}"


class TallySerializer(serializers.Serializer):
    """The article 278 figures of a building's consultation."""

    owners = serializers.IntegerField()
    area = serializers.DecimalField(max_digits=12, decimal_places=2)
    taking_part_owners = serializers.IntegerField()
    taking_part_area = serializers.DecimalField(max_digits=12, decimal_places=2)
    agreeing_owners = serializers.IntegerField()
    agreeing_area = serializers.DecimalField(max_digits=12, decimal_places=2)
    disagreeing_owners = serializers.IntegerField()
    enough_take_part = serializers.BooleanField()
    enough_agree = serializers.BooleanField()
    consent_reached = serializers.BooleanField()
    thresholds = serializers.SerializerMethodField()
    shortfalls = serializers.SerializerMethodField()

    @extend_schema_field(ThresholdSerializer(many=True))
    def get_thresholds(self, tally):
        return ThresholdSerializer(rules.consent_figures(tally), many=True).data

    def get_shortfalls(self, tally) -> list[str]:
        return rules.consent_shortfalls(tally)


class ElevatorProjectSerializer(serializers.ModelSerializer):
    """An elevator addition. Its stage moves through ``stage`` and ``stage_date`` (the day
    it was reached): one step forward at a time, and past consulting only with consent."""

    compound = serializers.IntegerField(source="building.compound_id", read_only=True)
    stage = serializers.ChoiceField(choices=ElevatorStage.choices, required=False)
    stage_date = serializers.DateField(
        write_only=True, required=False, help_text="The day the stage was reached."
    )
    tally = serializers.SerializerMethodField()

    class Meta:
        model = ElevatorProject
        fields = ["id", "building", "compound", "stage", "stage_date", "consulting_since",
                  "consent_reached_on", "applied_on", "approved_on", "installing_since",
                  "in_service_since", "notes", "tally", "created", "updated"]  # fmt: skip
        read_only_fields = ["consent_reached_on", "applied_on", "approved_on", "installing_since",
                            "in_service_since", "created", "updated"]  # fmt: skip
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        # The building is chosen when the project starts and stays.
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["building"].read_only = True
        return fields

    @extend_schema_field(TallySerializer)
    def get_tally(self, project):
        tally = getattr(project, "tally", None) or selectors.elevator_tally(project=project)
        return TallySerializer(tally).data

    def validate(self, attrs):
        if self.instance is None and ("stage" in attrs or "stage_date" in attrs):
            raise serializers.ValidationError(
                {"stage": "A project starts at consulting; move it on afterwards."}
            )
        return attrs


class ElevatorConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElevatorConsent
        fields = ["id", "project", "household", "answer", "answered_on", "recorded_by",
                  "created", "updated"]  # fmt: skip
        read_only_fields = ["recorded_by", "created", "updated"]
        validators = []  # one answer per household: recording again changes it


class SurveyOptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="option.pk")
    text = serializers.CharField(source="option.text")
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class SurveyQuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    answered = serializers.IntegerField()
    options = SurveyOptionResultSerializer(many=True)


class SurveyChannelCountSerializer(serializers.Serializer):
    channel = serializers.CharField()
    count = serializers.IntegerField()


class SurveyResultsSerializer(serializers.Serializer):
    households = serializers.IntegerField()
    answered_households = serializers.IntegerField()
    by_channel = SurveyChannelCountSerializer(many=True)
    questions = SurveyQuestionResultSerializer(many=True)


class SurveySerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = ["id", "compound", "title", "description", "opens_on", "closes_on", "is_open",
                  "results", "created", "updated"]  # fmt: skip

    def get_is_open(self, survey) -> bool:
        return survey.is_open()

    @extend_schema_field(SurveyResultsSerializer)
    def get_results(self, survey):
        return SurveyResultsSerializer(selectors.survey_results(survey=survey)).data


# --------------------------------------------------------------------------------------------
# Viewsets


class HouseholdViewSet(ServiceViewSet):
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilterSet
    selector = selectors.household_list
    create_service = services.household_create
    update_service = services.household_update
    instance_name = "household"


class ElevatorProjectViewSet(ServiceViewSet):
    serializer_class = ElevatorProjectSerializer
    filterset_class = ElevatorProjectFilterSet
    selector = selectors.elevator_project_list
    create_service = services.elevator_project_create
    update_service = services.elevator_project_update
    instance_name = "project"

    def paginate_queryset(self, queryset):
        """Count each page's consultations in two queries, not two per project."""
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.elevator_projects_with_tallies(page)


class ElevatorConsentViewSet(ServiceViewSet):
    """A household's answer; creating one for a household that has answered changes it."""

    serializer_class = ElevatorConsentSerializer
    filterset_class = ElevatorConsentFilterSet
    selector = selectors.elevator_consent_list
    create_service = services.elevator_consent_record
    update_service = services.elevator_consent_update
    instance_name = "consent"


@method_decorator(login_not_required, name="dispatch")
class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Surveys with their results (staff create them and record visits on the pages)."""

    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet

    def get_queryset(self):
        return selectors.survey_list(user=self.request.user)


# On the project's router (joined in oversight/api/urls.py): (prefix, viewset, basename).
ROUTES = [
    ("elevator-projects", ElevatorProjectViewSet, "elevatorproject"),
    ("elevator-consents", ElevatorConsentViewSet, "elevatorconsent"),
    ("households", HouseholdViewSet, "household"),
    ("surveys", SurveyViewSet, "survey"),
]
