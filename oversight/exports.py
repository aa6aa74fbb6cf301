"""The lists of residents' voice, supervision, inspections, the fund and the organisation as
spreadsheets (see common.exports).

Residents' names and phones go out exactly as the pages show them: through
selectors.contact_of, masked without ``oversight.view_personal_data``.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.exports import PERCENT_FORMAT, Column, ListExport, display_name

from . import selectors
from .funds import services as funds

ID = Column(_("ID"), "pk")


# --- Residents' voice -------------------------------------------------------------------------


def opinions(user) -> ListExport:
    """The register of opinions, with each resident's name and phone as ``user`` may see
    them."""

    def contact(field):
        return lambda opinion: getattr(selectors.contact_of(opinion, user=user), field)

    return ListExport(
        title=_("Residents' opinions"),
        filename="opinions",
        select_related=("compound__community", "merged_into"),
        columns=(
            Column(_("receipt code"), "code"),
            Column(_("compound"), "compound.name"),
            Column(_("community"), "compound.community.name"),
            Column(_("building"), "building.number"),
            Column(_("unit (单元)"), "unit"),
            Column(_("topics"), lambda opinion: opinion.get_topics_display()),
            Column(_("opinion"), "text"),
            Column(_("channel"), "channel"),
            Column(_("status"), "status"),
            Column(pgettext_lazy("date", "received"), "received_at"),
            Column(_("assignee"), lambda opinion: display_name(opinion.assignee)),
            Column(_("replied at"), "replied_at"),
            Column(_("reply overdue"), "reply_overdue"),
            Column(_("official reply"), "reply"),
            Column(_("resident"), contact("name")),
            Column(_("phone"), contact("phone")),
            Column(_("hidden by moderation"), "hidden"),
            Column(_("merged into"), "merged_into.code"),
        ),
    )


# --- The special fund -------------------------------------------------------------------------


def _paid_share(compound):
    percent = compound.figures["percent"] if compound.allocation_count else None
    return None if percent is None else Decimal(percent) / 100


def _figure(name):
    return lambda compound: compound.figures[name] if compound.allocation_count else None


# Every compound with its budget, as the page shows it ("—" without a budget: empty cells).
FUNDS = ListExport(
    title=_("Special fund"),
    filename="special-fund",
    batch=funds.compound_rows,
    columns=(
        ID,
        Column(_("compound"), "name"),
        Column(_("community"), "community.name"),
        Column(_("renovation plan"), "plan.name"),
        Column(_("status"), "status"),
        Column(_("budget"), _figure("planned")),
        Column(_("paid"), _figure("paid")),
        Column(_("remaining"), _figure("remaining")),
        Column(_("paid share"), _paid_share, number_format=PERCENT_FORMAT),
        Column(_("fund payments"), "payment_count"),
    ),
)


# --- The organisation -------------------------------------------------------------------------

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
