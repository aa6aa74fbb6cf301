"""The lists of residents' voice, supervision, inspections, the fund and the organisation as
spreadsheets (see common.exports).
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from common.exports import PERCENT_FORMAT, Column, ListExport, display_name

from .consultations import services as consultations
from .funds import services as funds

ID = Column(_("ID"), "pk")


# --- Residents' voice -------------------------------------------------------------------------


def _consent(project) -> str:
    return _("reached") if project.tally.consent_reached else _("not yet")


# Each building's consultation, with its tally against the article 278 thresholds (computed
# for each chunk of rows, as the page computes it for its page).
ELEVATORS = ListExport(
    title=_("Elevator additions"),
    filename="elevators",
    batch=consultations.elevator_projects_with_tallies,
    columns=(
        ID,
        Column(_("compound"), "building.compound.name"),
        Column(_("community"), "building.compound.community.name"),
        Column(_("building"), "building.number"),
        Column(_("stage"), "stage"),
        Column(_("consulting since"), "consulting_since"),
        Column(_("households"), "tally.owners"),
        Column(_("taking part"), "tally.taking_part_owners"),
        Column(_("agreeing"), "tally.agreeing_owners"),
        Column(_("consent"), _consent),
        Column(_("consent reached on"), "consent_reached_on"),
        Column(_("notes"), "notes"),
    ),
)


def _survey_state(survey) -> str:
    today = timezone.localdate()
    if survey.opens_on <= today <= survey.closes_on:
        return pgettext("survey", "open")
    if today < survey.opens_on:
        return _("not open yet")
    return pgettext("survey", "closed")


SURVEYS = ListExport(
    title=_("Surveys"),
    filename="surveys",
    columns=(
        ID,
        Column(_("survey"), "title"),
        Column(_("compound"), "compound.name"),
        Column(_("opens on"), "opens_on"),
        Column(_("closes on"), "closes_on"),
        Column(_("status"), _survey_state),
        Column(_("survey questions"), "question_count"),
        Column(_("households answering"), "household_count"),
    ),
)


# --- Supervision and inspections --------------------------------------------------------------

SUPERVISION_RECORDS = ListExport(
    title=_("Supervision records"),
    filename="supervision-records",
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("compound"), "compound.name"),
        Column(_("community"), "compound.community.name"),
        Column(_("level"), "level"),
        Column(_("kind"), "kind"),
        Column(_("inspected by"), "inspectors"),
        Column(_("items"), "check_count"),
        Column(pgettext_lazy("check", "failed"), "failed_count"),
        Column(_("findings"), "findings"),
        Column(_("recorded by"), lambda record: display_name(record.recorded_by)),
    ),
)

INSPECTIONS = ListExport(
    title=_("District inspections"),
    filename="inspections",
    columns=(
        ID,
        Column(_("date"), "date"),
        Column(_("street"), "street.name"),
        Column(_("inspection group"), "group"),
        Column(
            _("compounds visited"),
            lambda inspection: [c.name for c in inspection.compounds_visited.all()],
        ),
        Column(_("other sites visited"), "other_sites"),
        Column(_("requirements"), "requirement_count"),
        Column(_("problems open"), "open_problem_count"),
        Column(_("findings"), "findings"),
        Column(_("answered by the street"), lambda inspection: bool(inspection.answer)),
        Column(pgettext_lazy("inspection", "answered on"), "answered_on"),
        Column(_("the street's answer"), "answer"),
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
