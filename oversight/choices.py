from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentAnswer(models.TextChoices):
    """A household's answer in an elevator consultation (民法典第278条)."""

    AGREE = "agree", _("agrees")
    DISAGREE = "disagree", _("disagrees")
    ABSTAIN = "abstain", _("not taking part")


class ElevatorStage(models.TextChoices):
    CONSULTING = "consulting", _("consulting residents")
    CONSENT_REACHED = "consent_reached", _("consent reached")
    APPLYING = "applying", _("applying")
    APPROVED = "approved", _("approved")
    INSTALLING = "installing", _("installing")
    IN_SERVICE = "in_service", _("in service")


class SurveyChannel(models.TextChoices):
    ONLINE = "online", _("online, with the household code")
    HOME_VISIT = "home_visit", _("home visit (入户走访)")


# --- Supervision and accountability -----------------------------------------------------------


class SupervisionKind(models.TextChoices):
    ROUTINE = "routine", _("routine check")
    ACCEPTANCE = "acceptance", _("acceptance (验收)")


# The levels that keep supervision records (the district's visits are Inspections).
SUPERVISION_LEVELS = ("street", "community", "residents", "firm", "third_party")


class GroupMemberKind(models.TextChoices):
    """Who sits in a compound's residents' supervision group (居民监督小组)."""

    ACTIVE_RESIDENT = "active_resident", _("active resident (热心群众)")
    VETERAN_PARTY_MEMBER = "veteran_party_member", _("veteran party member (老党员)")


class TeamKind(models.TextChoices):
    """The leading group and the teams of the task force (工作专班)."""

    LEADING_GROUP = "leading_group", _("leading group (领导小组)")
    COMMUNITY_GOVERNANCE = "community_governance", _("community governance (社区治理)")
    CITY_MANAGEMENT = "city_management", _("city management (城市管理)")
    AIR_POLLUTION = "air_pollution", _("air-pollution control (大气污染防治)")
    SECURITY_PATROL = "security_patrol", _("security patrol (治安巡防)")
    COMMUNITY_GRID = "community_grid", _("community grid (社区网格)")


class PartyGroupKind(models.TextChoices):
    TEMPORARY_BRANCH = "temporary_branch", _("temporary party branch (临时党支部)")
    HELP_GROUP = "help_group", _("party members' help group (党员帮帮团)")


class PartyUnit(models.TextChoices):
    """Where a party member of a branch comes from (吸纳小区、设计和施工单位及社区党员)."""

    STREET = "street", _("street office")
    COMMUNITY = "community", _("community")
    DESIGN_FIRM = "design_firm", _("design firm")
    BUILDER = "builder", _("builder")
    PROPERTY_COMPANY = "property_company", _("property company")
    RESIDENT = "resident", _("resident of the compound")


class ParticipantKind(models.TextChoices):
    """Who takes part in the compounds' hygiene campaign (楼院卫生环境治理)."""

    COMMITTEE = "committee", _("community committees (两委)")
    PROPERTY_COMPANY = "property_company", _("property company")
    BUILDING_HEAD = "building_head", _("building heads (楼栋长)")
    VOLUNTEER_TEAM = "volunteer_team", _("volunteer team")
    ACTIVE_RESIDENT = "active_resident", _("active residents (热心群众)")
