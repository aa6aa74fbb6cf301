"""Choices of the organisation: the task force's teams, the kinds of party organisation, where
a party member comes from, and the lines of the participation ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
