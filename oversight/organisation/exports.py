"""The organisation's lists as spreadsheets (see common.exports): the leading group and the
task force, the party organisations, the participation ledger and the campaign's activities."""

from django.utils.translation import gettext_lazy as _

from common.exports import ID, Column, ListExport

from .models import CampaignActivity, Participant, PartyGroup, TaskForce

TASK_FORCES = ListExport(
    model=TaskForce,
    title=_("Task force and leading group"),
    filename="task-forces",
    columns=(
        ID,
        "street.name",
        "kind",
        "name",
        "duties",
        Column(_("task force members"), "member_count"),
        Column(_("compounds served"), "compound_count"),
    ),
)

PARTY_GROUPS = ListExport(
    model=PartyGroup,
    title=_("Party organisations"),
    filename="party-organisations",
    columns=(
        ID,
        "street.name",
        "community.name",
        "kind",
        "name",
        "founded_on",
        "founded_precision",
        "description",
        Column(_("party members"), "member_count"),
        Column(_("compounds covered"), "compound_count"),
    ),
)

PARTICIPANTS = ListExport(
    model=Participant,
    title=_("Participation in the hygiene campaign"),
    filename="participation",
    columns=(
        ID,
        "street.name",
        "community.name",
        "kind",
        "name",
        "people",
        "red_property",
    ),
)

CAMPAIGN_ACTIVITIES = ListExport(
    model=CampaignActivity,
    title=_("Activities of the hygiene campaign"),
    filename="campaign-activities",
    columns=(
        ID,
        "date",
        "street.name",
        "community.name",
        "title",
        "participants",
    ),
)
