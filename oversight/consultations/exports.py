"""The lists of the consultations as spreadsheets (see common.exports): the elevator additions
with their article 278 tallies, and the surveys."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from common import clock
from common.exports import ID, Column, ListExport

from . import selectors
from .models import ElevatorProject, Survey


def _consent(project) -> str:
    return _("reached") if project.tally.consent_reached else _("not yet")


# Each building's consultation, with its tally against the article 278 thresholds (computed
# for each chunk of rows, as the page computes it for its page).
ELEVATORS = ListExport(
    model=ElevatorProject,
    title=_("Elevator additions"),
    filename="elevators",
    batch=selectors.elevator_projects_with_tallies,
    columns=(
        ID,
        "building.compound.name",
        "building.compound.community.name",
        "building.number",
        "stage",
        "consulting_since",
        Column(_("households"), "tally.owners"),
        Column(_("taking part"), "tally.taking_part_owners"),
        Column(_("agreeing"), "tally.agreeing_owners"),
        Column(_("consent"), _consent),
        "consent_reached_on",
        "notes",
    ),
)


def _survey_state(survey) -> str:
    today = clock.today()
    if survey.opens_on <= today <= survey.closes_on:
        return pgettext("survey", "open")
    if today < survey.opens_on:
        return _("not open yet")
    return pgettext("survey", "closed")


SURVEYS = ListExport(
    model=Survey,
    title=_("Surveys"),
    filename="surveys",
    columns=(
        ID,
        Column(_("survey"), "title"),
        "compound.name",
        "opens_on",
        "closes_on",
        Column(_("status"), _survey_state),
        Column(_("survey questions"), "question_count"),
        Column(_("households answering"), "household_count"),
    ),
)
