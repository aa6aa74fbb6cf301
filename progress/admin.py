from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compounds.admin import GuardedDeleteAdmin

from .models import CalendarDay, Milestone, WorkItem


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    """The holiday table is the admin's to keep current, deletions included."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"


@admin.register(WorkItem)
class WorkItemAdmin(GuardedDeleteAdmin):
    list_display = ["compound", "building", "category", "planned_quantity", "done_quantity", "unit"]
    list_filter = ["category", "compound__plan"]
    search_fields = ["compound__name", "description"]
    list_select_related = ["compound", "building"]
    raw_id_fields = ["compound", "building"]


@admin.register(Milestone)
class MilestoneAdmin(GuardedDeleteAdmin):
    list_display = ["compound", "order", "name", "owner", "duration", "planned_finish"]
    list_filter = ["compound__plan"]
    search_fields = ["compound__name", "name", "owner"]
    list_select_related = ["compound"]
    raw_id_fields = ["compound"]
