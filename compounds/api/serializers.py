from rest_framework import serializers

from ..models import Building, Community, Compound, RenovationPlan


class CommunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "street", "name", "kind", "address", "created"]
        read_only_fields = ["created"]


class RenovationPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RenovationPlan
        fields = ["id", "street", "year", "name", "target_completion_date", "created"]
        read_only_fields = ["created"]
        # Uniqueness is checked by the model, in the service, with one translated message.
        validators = []


class CompoundSerializer(serializers.ModelSerializer):
    building_count = serializers.IntegerField(read_only=True)
    household_count = serializers.IntegerField(read_only=True)
    total_floor_area = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = Compound
        fields = [
            "id",
            "plan",
            "community",
            "name",
            "address",
            "year_built",
            "status",
            "started_on",
            "completed_on",
            "accepted_on",
            "is_demonstration",
            "person_in_charge",
            "person_in_charge_phone",
            "contact_person",
            "contact_phone",
            "had_no_manager",
            "management_mode",
            "property_company",
            "yearly_fee_per_household",
            "notes",
            "building_count",
            "household_count",
            "total_floor_area",
            "progress",
            "last_log_on",
            "latest_start",
            "created",
            "updated",
        ]
        read_only_fields = ["progress", "last_log_on", "latest_start", "created", "updated"]
        validators = []


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = [
            "id",
            "compound",
            "number",
            "floors",
            "units",
            "households",
            "floor_area",
            "has_elevator",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators = []
