"""The admin site for the residents' voice: every record with its history. Opinions, answers
and consultation answers are read here only; they change through their pages (the services
keep the triage rules, who recorded an answer, and the receipt codes)."""

from django.contrib import admin

from compounds.admin import GuardedDeleteAdmin

from .models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Opinion,
    OpinionTopic,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)


class ReadOnlyAdmin(GuardedDeleteAdmin):
    """Shown with its history; added and changed through the portal's own pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OpinionTopicInline(admin.TabularInline):
    model = OpinionTopic
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["code", "compound", "channel", "status", "received_at", "replied_at"]
    list_filter = ["status", "channel", "hidden", "compound__plan"]
    search_fields = ["code", "compound__name"]
    list_select_related = ["compound"]
    date_hierarchy = "received_at"
    inlines = [OpinionTopicInline]


@admin.register(Household)
class HouseholdAdmin(GuardedDeleteAdmin):
    list_display = ["__str__", "floor", "floor_area", "code"]
    search_fields = ["code", "door", "building__number", "building__compound__name"]
    list_filter = ["building__compound"]
    list_select_related = ["building__compound"]
    raw_id_fields = ["building"]
    readonly_fields = ["code"]


@admin.register(ElevatorProject)
class ElevatorProjectAdmin(GuardedDeleteAdmin):
    list_display = ["building", "stage", "consulting_since", "applied_on", "in_service_since"]
    list_filter = ["stage", "building__compound"]
    list_select_related = ["building__compound"]
    raw_id_fields = ["building"]


@admin.register(ElevatorConsent)
class ElevatorConsentAdmin(ReadOnlyAdmin):
    list_display = ["household", "answer", "answered_on", "recorded_by"]
    list_filter = ["answer", "project__building__compound"]
    list_select_related = ["household__building__compound", "recorded_by"]


class SurveyOptionInline(admin.TabularInline):
    model = SurveyOption
    extra = 0


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(GuardedDeleteAdmin):
    list_display = ["text", "survey", "order"]
    list_select_related = ["survey"]
    inlines = [SurveyOptionInline]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(GuardedDeleteAdmin):
    list_display = ["title", "compound", "opens_on", "closes_on"]
    list_filter = ["compound"]
    search_fields = ["title", "compound__name"]
    inlines = [SurveyQuestionInline]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(ReadOnlyAdmin):
    list_display = ["household", "question", "option", "channel", "answered_at"]
    list_filter = ["channel", "question__survey"]
    list_select_related = ["household__building__compound", "question", "option"]
