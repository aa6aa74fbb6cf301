"""The organisation's lists as spreadsheets (see common.exports): the leading group and the
task force, the party organisations, the participation ledger and the campaign's activities."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import ID, Column, ListExport

TASK_FORCES = ListExport(
    title=_("Task force and leading group"),
    filename="task-forces",
    columns=(
        ID,
        Column(_("street"), "street.name"),
        Column(_("team"), "kind"),
        Column(_("name"), "name"),
        Column(_("duties"), "duties"),
        Column(_("task force members"), "member_count"),
        Column(_("compounds served"), "compound_count"),
    ),
)

PARTY_GROUPS = ListExport(
    title=_("Party organisations"),
    filename="party-organisations",
    columns=(
        ID,
        Column(_("street"), "street.name"),
        Column(_("community"), "community.name"),
        Column(_("kind"), "kind"),
        Column(_("name"), "name"),
        Column(_("founded on"), "founded_on"),
        Column(_("founding date known to"), "founded_precision"),
        Column(_("what it does"), "description"),
        Column(_("party members"), "member_count"),
        Column(_("compounds covered"), "compound_count"),
    ),
)

PARTICIPANTS = ListExport(
    title=_("Participation in the hygiene campaign"),
    filename="participation",
    columns=(
        ID,
        Column(_("street"), "street.name"),
        Column(_("community"), "community.name"),
        Column(_("kind"), "kind"),
        Column(_("name"), "name"),
        Column(_("people"), "people"),
        Column(_("red property (红色物业)"), "red_property"),
    ),
)

CAMPAIGN_ACTIVITIES = ListExport(
    title=_("Activities of the hygiene campaign"),
    filename="campaign-activities",
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("street"), "street.name"),
        Column(_("community"), "community.name"),
        Column(pgettext_lazy("activity", "what was done"), "title"),
        Column(_("people taking part"), "participants"),
    ),
)
