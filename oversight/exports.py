"""The lists of residents' voice, supervision, inspections, the fund and the organisation as
spreadsheets (see common.exports).

Residents' names and phones go out exactly as the pages show them: through
selectors.contact_of, masked without ``oversight.view_personal_data``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from common.exports import Column, ListExport, display_name

from . import selectors
from .consultations import services as consultations

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
