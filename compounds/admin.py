from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assignment, Building, Community, Compound, RenovationPlan, Street


class GuardedDeleteAdmin(SimpleHistoryAdmin):
    """History on every change; deleting only for superusers (protected references still hold)."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(GuardedDeleteAdmin):
    """Shown with its history; added and changed through the portal's own pages, whose
    services keep the record's rules."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A record's parts, shown beside it; changed with it, through the portal's pages."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Street)
class StreetAdmin(GuardedDeleteAdmin):
    list_display = ["name", "district", "city"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(GuardedDeleteAdmin):
    list_display = ["name", "street", "kind"]
    list_filter = ["street", "kind"]
    search_fields = ["name", "address"]


@admin.register(RenovationPlan)
class RenovationPlanAdmin(GuardedDeleteAdmin):
    list_display = ["name", "street", "year", "target_completion_date"]
    list_filter = ["street", "year"]


class BuildingInline(admin.TabularInline):
    model = Building
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Compound)
class CompoundAdmin(GuardedDeleteAdmin):
    list_display = ["name", "community", "plan", "status", "started_on", "person_in_charge"]
    list_filter = ["plan", "status", "community", "management_mode", "had_no_manager"]
    search_fields = ["name", "address", "person_in_charge", "contact_person"]
    list_select_related = ["community", "plan"]
    date_hierarchy = "started_on"
    inlines = [BuildingInline]


@admin.register(Building)
class BuildingAdmin(GuardedDeleteAdmin):
    list_display = ["__str__", "floors", "units", "households", "floor_area", "has_elevator"]
    list_filter = ["has_elevator", "compound__plan"]
    search_fields = ["number", "compound__name"]
    list_select_related = ["compound"]
    raw_id_fields = ["compound"]


@admin.register(Assignment)
class AssignmentAdmin(GuardedDeleteAdmin):
    list_display = ["user", "street", "community", "compound"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "compound"]
