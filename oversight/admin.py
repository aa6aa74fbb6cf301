"""The admin site of oversight: every record with its history. What has rules of its own
(opinions, answers, supervision records, inspections, the fund) is read here only and changes
through its pages, whose services keep those rules; the simple registers (groups, teams, party
organisations, the ledger) are edited here too."""

from django.contrib import admin

from compounds.admin import GuardedDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    CampaignActivity,
    ColumnMapping,
    ElevatorConsent,
    ElevatorProject,
    FundAllocation,
    FundPayment,
    Household,
    ImportedReturn,
    Inspection,
    InspectionRequirement,
    Opinion,
    OpinionIntake,
    OpinionTopic,
    Participant,
    PartyGroup,
    PartyMember,
    RegisterImport,
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionRecord,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    TaskForce,
    TaskForceMember,
)
from .privacy import admin as privacy_admin  # noqa: F401  registers the data requests


class OpinionTopicInline(ReadOnlyInline):
    model = OpinionTopic


@admin.register(OpinionIntake)
class OpinionIntakeAdmin(admin.ModelAdmin):
    """Residents' submissions as they came in, read only: registered ones point to their
    opinion; one that could not be registered keeps what was sent and says why."""

    list_display = ["code", "compound", "received_at", "registered_at", "opinion", "error"]
    list_filter = [("registered_at", admin.EmptyFieldListFilter)]
    search_fields = ["code"]
    list_select_related = ["compound", "opinion"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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


# --- Supervision and accountability -----------------------------------------------------------


class SupervisionCheckInline(OpinionTopicInline):
    model = SupervisionCheck


@admin.register(SupervisionRecord)
class SupervisionRecordAdmin(ReadOnlyAdmin):
    list_display = ["compound", "date", "level", "kind", "inspectors"]
    list_filter = ["level", "kind", "compound__plan"]
    search_fields = ["compound__name", "inspectors", "findings"]
    list_select_related = ["compound"]
    date_hierarchy = "date"
    inlines = [SupervisionCheckInline]


@admin.register(SupervisionGroupMember)
class SupervisionGroupMemberAdmin(GuardedDeleteAdmin):
    list_display = ["name", "compound", "kind", "user", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "compound__name"]
    list_select_related = ["compound", "user"]
    raw_id_fields = ["compound", "user"]


class InspectionRequirementInline(OpinionTopicInline):
    model = InspectionRequirement


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["street", "date", "group", "answered_on"]
    list_filter = ["street"]
    date_hierarchy = "date"
    inlines = [InspectionRequirementInline]


class TaskForceMemberInline(admin.TabularInline):
    model = TaskForceMember
    extra = 0
    can_delete = False


@admin.register(TaskForce)
class TaskForceAdmin(GuardedDeleteAdmin):
    list_display = ["name", "street", "kind"]
    list_filter = ["street", "kind"]
    filter_horizontal = ["compounds"]
    inlines = [TaskForceMemberInline]


class PartyMemberInline(TaskForceMemberInline):
    model = PartyMember


@admin.register(PartyGroup)
class PartyGroupAdmin(GuardedDeleteAdmin):
    list_display = ["name", "street", "community", "kind", "founded_on"]
    list_filter = ["street", "kind"]
    filter_horizontal = ["compounds"]
    inlines = [PartyMemberInline]


@admin.register(Participant)
class ParticipantAdmin(GuardedDeleteAdmin):
    list_display = ["name", "street", "community", "kind", "people", "red_property"]
    list_filter = ["street", "kind", "red_property", "community"]
    search_fields = ["name"]


@admin.register(CampaignActivity)
class CampaignActivityAdmin(GuardedDeleteAdmin):
    list_display = ["date", "title", "street", "community", "participants"]
    list_filter = ["street"]
    date_hierarchy = "date"


class FundPaymentInline(OpinionTopicInline):
    model = FundPayment


@admin.register(FundAllocation)
class FundAllocationAdmin(ReadOnlyAdmin):
    """Budgets change with a reason and payments stay within them: through the fund pages."""

    list_display = ["compound", "work_item", "amount"]
    list_filter = ["compound__plan"]
    search_fields = ["compound__name"]
    list_select_related = ["compound", "work_item"]
    inlines = [FundPaymentInline]


@admin.register(ImportedReturn)
class ImportedReturnAdmin(ReadOnlyAdmin):
    """Streets' returns imported by the district (oversight/statistics): read here, imported on
    the statistics page, whose service checks the file."""

    list_display = ["street", "period_kind", "period_start", "period_end", "origin", "created"]
    list_filter = ["period_kind", "street"]
    list_select_related = ["street"]


@admin.register(RegisterImport)
class RegisterImportAdmin(ReadOnlyAdmin):
    """Register imports (oversight/imports): read here, with their file and history; made on
    the import page or by ``import_register``, whose services check every row."""

    list_display = ["file_name", "status", "street", "created_by", "created", "imported_at"]
    list_filter = ["status", "street"]
    list_select_related = ["street", "created_by"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    """What a street's own headings mean, as its users chose them on the import page."""

    list_display = ["street", "kind", "heading", "field", "chosen_by", "updated"]
    list_filter = ["kind", "street"]
