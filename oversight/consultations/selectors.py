"""Reads of the consultations, scoped to the user: a building's households (their owners'
names masked without the right to personal data), the elevator additions with their article
278 tallies and figures (oversight.consultations.rules), and the surveys with their results."""

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext as _

from common import clock
from common.rules import percent_of
from compounds.selectors import scoped

from ..opinions.rules import mask_name, normalise_code
from ..opinions.selectors import may_see_personal_data
from . import rules
from .choices import ElevatorStage, SurveyChannel
from .models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)

# ---------------------------------------------------------------------------------------------
# Households


def household_list(*, user) -> QuerySet:
    return scoped(Household.objects.select_related("building__compound"), user)


def building_households(*, building) -> QuerySet:
    return building.homes.order_by("unit", "floor", "door", "pk")


def sees_personal_data(user) -> bool:
    """Whether ``user`` sees the owners' names and the households' codes unmasked: the
    opinions' one right to personal data (nobody named, as a serializer without a request,
    sees them masked)."""
    return may_see_personal_data(user)


def owner_name_for(household: Household, *, user) -> str:
    """The owner's name as ``user`` may see it: whole with the right to personal data, the
    family name only (张**) otherwise. Every page, export and API shows it through here."""
    name = household.owner_name
    return name if sees_personal_data(user) else mask_name(name)


def household_code_for(household: Household, *, user) -> str | None:
    """The household's code (which answers surveys in its name), or None without the right
    to personal data."""
    return household.code if sees_personal_data(user) else None


def households_shown(*, building, user) -> list[Household]:
    """Return a building's homes, each with ``owner_shown``: its owner as ``user`` may see
    it."""
    personal = sees_personal_data(user)
    homes = list(building_households(building=building))
    for home in homes:
        home.owner_shown = home.owner_name if personal else mask_name(home.owner_name)
    return homes


def _flat_code(raw: str) -> str:
    return "".join((raw or "").upper().split()).replace("-", "")


def household_by_code(raw_code: str) -> Household | None:
    """Find a household by a typed code, or None. Case, spaces and hyphens are forgiven (and
    O/I/L for 0/1 in the portal's own codes)."""
    homes = Household.objects.select_related("building__compound")
    code = normalise_code(raw_code)
    if code is not None:
        found = homes.filter(code=code).first()
        if found is not None:
            return found
    flat = _flat_code(raw_code)
    if not flat or len(flat) > 40:
        return None
    # Codes imported from elsewhere need not have the portal's shape: compare them flattened.
    return (
        homes.annotate(flat_code=Replace(Upper("code"), Value("-"), Value("")))
        .filter(flat_code=flat)
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Elevator additions: the article 278 tallies and figures


def elevator_project_list(*, user) -> QuerySet:
    return scoped(
        ElevatorProject.objects.select_related("building__compound__community"), user
    ).order_by("building__compound__name", "building__number", "pk")


def elevator_tallies(*, building_ids) -> dict:
    """Return each building's ConsentTally (by building id), in two queries."""
    building_ids = list(building_ids)
    homes = {building_id: [] for building_id in building_ids}
    for pk, building_id, area in Household.objects.filter(building_id__in=building_ids).values_list(
        "pk", "building_id", "floor_area"
    ):
        homes[building_id].append((pk, area))
    answers = dict(
        ElevatorConsent.objects.filter(project__building_id__in=building_ids).values_list(
            "household_id", "answer"
        )
    )
    return {building_id: rules.consent_tally(rows, answers) for building_id, rows in homes.items()}


def elevator_tally(*, project: ElevatorProject) -> rules.ConsentTally:
    return elevator_tallies(building_ids=[project.building_id])[project.building_id]


def elevator_projects_with_tallies(projects) -> list:
    """Attach ``tally`` and ``figures`` to each project of a page."""
    projects = list(projects)
    tallies = elevator_tallies(building_ids=[p.building_id for p in projects])
    for project in projects:
        project.tally = tallies[project.building_id]
        project.figures = rules.consent_figures(project.tally)
    return projects


def elevator_households(*, project: ElevatorProject, user) -> list[dict]:
    """Return the building's homes, each with its owner as ``user`` may see it and its answer
    (or None) in the consultation."""
    consents = {
        consent.household_id: consent for consent in project.consents.select_related("recorded_by")
    }
    return [
        {"household": home, "owner": home.owner_shown, "consent": consents.get(home.pk)}
        for home in households_shown(building=project.building, user=user)
    ]


def elevator_timeline(*, project: ElevatorProject) -> list[dict]:
    """Return each stage with its day (None while not reached) and whether it is current."""
    current = rules.stage_index(project.stage)
    return [
        {
            "stage": stage,
            "label": ElevatorStage(stage).label,
            "day": getattr(project, rules.STAGE_DATES[stage]),
            "reached": index <= current,
            "current": index == current,
        }
        for index, stage in enumerate(rules.STAGE_ORDER)
    ]


def compound_elevator_overview(*, compound) -> dict:
    """Return each building of a compound with its elevator project (or None) and tally, and
    counts of the buildings by where they stand."""
    buildings = list(compound.buildings.order_by("number", "pk"))
    projects = {
        project.building_id: project
        for project in ElevatorProject.objects.filter(building__compound=compound)
    }
    tallies = elevator_tallies(building_ids=[b.pk for b in buildings])
    rows = []
    for building in buildings:
        tally = tallies[building.pk]
        rows.append(
            {
                "building": building,
                "project": projects.get(building.pk),
                "tally": tally,
                "figures": rules.consent_figures(tally),
            }
        )
    reached = sum(
        1
        for row in rows
        if row["project"] and rules.stage_index(row["project"].stage) >= rules.CONSENT_INDEX
    )
    consulting = sum(
        1 for row in rows if row["project"] and row["project"].stage == ElevatorStage.CONSULTING
    )
    return {
        "rows": rows,
        "buildings": len(rows),
        "past_consent": reached,
        "consulting": consulting,
        "consulting_with_consent": sum(
            1
            for row in rows
            if row["project"]
            and row["project"].stage == ElevatorStage.CONSULTING
            and row["tally"].consent_reached
        ),
        "without_project": sum(1 for row in rows if not row["project"]),
    }


def elevator_consent_list(*, user) -> QuerySet:
    return scoped(
        ElevatorConsent.objects.select_related(
            "project__building__compound", "household", "recorded_by"
        ),
        user,
    )


# ---------------------------------------------------------------------------------------------
# Surveys


def survey_list(*, user) -> QuerySet:
    return (
        scoped(Survey.objects.select_related("compound"), user)
        .annotate(
            question_count=Count("questions", distinct=True),
            household_count=Count("questions__answers__household", distinct=True),
        )
        .order_by("-opens_on", "-pk")
    )


def survey_questions(*, survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.prefetch_related("options").order_by("order", "pk"))


def survey_household_choices(*, survey: Survey) -> QuerySet:
    return (
        Household.objects.select_related("building__compound")
        .filter(building__compound=survey.compound_id)
        .order_by("building__number", "unit", "floor", "door", "pk")
    )


def survey_results(*, survey: Survey) -> dict:
    """Return the results of a survey: per question the count of each option, how many of
    the compound's households answered, and how many answered by each channel."""
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    counts = dict(
        SurveyOption.objects.filter(question__survey=survey)
        .annotate(n=Count("answers"))
        .values_list("pk", "n")
    )
    questions = []
    for question in survey_questions(survey=survey):
        options = [
            {"option": option, "count": counts.get(option.pk, 0)}
            for option in question.options.all()
        ]
        answered = sum(row["count"] for row in options)
        for row in options:
            row["percent"] = percent_of(row["count"], answered) if answered else 0
        questions.append({"question": question, "options": options, "answered": answered})
    by_channel = {
        row["channel"]: row["n"]
        for row in answers.values("channel").annotate(n=Count("household", distinct=True))
    }
    households = survey_household_choices(survey=survey).count()
    answered = answers.values("household").distinct().count()
    return {
        "questions": questions,
        "households": households,
        "answered_households": answered,
        "answered_percent": percent_of(answered, households) if households else 0,
        "by_channel": [
            {"channel": value, "label": label, "count": by_channel.get(value, 0)}
            for value, label in SurveyChannel.choices
        ],
    }


def survey_household_answers(*, survey: Survey, household: Household) -> dict:
    """Return a household's current answers to a survey: question id -> SurveyAnswer."""
    return {
        answer.question_id: answer
        for answer in SurveyAnswer.objects.filter(question__survey=survey, household=household)
    }


def _closed_message(survey: Survey) -> str:
    today = clock.today()
    if today < survey.opens_on:
        return _("This survey opens on %(day)s: answers are taken from that day.") % {
            "day": survey.opens_on.isoformat()
        }
    return _("This survey closed on %(day)s: answers are no longer taken.") % {
        "day": survey.closes_on.isoformat()
    }


def survey_closed_message(*, survey: Survey) -> str:
    """Say why a closed survey takes no answers (not open yet, or closed)."""
    return _closed_message(survey)


def open_surveys(*, compound) -> QuerySet:
    today = clock.today()
    return Survey.objects.filter(
        Q(compound=compound), opens_on__lte=today, closes_on__gte=today
    ).order_by("closes_on", "pk")
