"""The admin site of progress: every record with its history. What has rules of its own is read
here only and changes through its pages, whose services keep those rules: a daily log (its
entries make the work items' totals and the compound's progress), a problem (the closed loop
and who verifies it) and a report (built by a Celery task). The holiday table, the work items,
the milestones and the weekly meetings are edited here too; their writes' effects follow from
the models' save() (docs/architecture.md, "What a write changes")."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compounds.admin import GuardedDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    CalendarDay,
    DailyLog,
    DailyLogEntry,
    DailyLogPhoto,
    Milestone,
    Rectification,
    Report,
    WeeklyMeeting,
    WorkItem,
)


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


class DailyLogEntryInline(ReadOnlyInline):
    model = DailyLogEntry
    fields = ["work_item", "quantity", "area", "excess_reason"]


class DailyLogPhotoInline(ReadOnlyInline):
    model = DailyLogPhoto
    fields = ["image", "uploaded_by", "created"]
    readonly_fields = ["created"]


@admin.register(DailyLog)
class DailyLogAdmin(ReadOnlyAdmin):
    list_display = ["date", "compound", "workers", "safety_patrol", "created_by"]
    list_filter = ["safety_patrol", "covered", "compound__plan", "compound__community"]
    search_fields = ["compound__name", "notes", "problems"]
    list_select_related = ["compound", "created_by"]
    date_hierarchy = "date"
    inlines = [DailyLogEntryInline, DailyLogPhotoInline]


class RaisedProblemInline(ReadOnlyInline):
    model = Rectification
    fields = ["compound", "description", "owner", "deadline", "status"]
    show_change_link = True


@admin.register(WeeklyMeeting)
class WeeklyMeetingAdmin(GuardedDeleteAdmin):
    list_display = ["date", "title", "street"]
    list_filter = ["street"]
    search_fields = ["title", "agenda", "minutes", "attendees"]
    list_select_related = ["street"]
    date_hierarchy = "date"
    inlines = [RaisedProblemInline]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["compound", "description", "source", "level", "owner", "deadline", "status"]
    list_filter = ["status", "source", "level", "compound__plan"]
    search_fields = ["compound__name", "description", "owner", "responsible_unit"]
    list_select_related = ["compound"]
    raw_id_fields = ["compound", "meeting"]
    date_hierarchy = "deadline"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["street", "kind", "period_start", "period_end", "status", "built_at"]
    list_filter = ["kind", "status", "street"]
    list_select_related = ["street"]
    date_hierarchy = "period_start"
