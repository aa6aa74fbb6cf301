"""Consultations of the residents' voice: a building's households, its elevator addition
(加装电梯) with the consent of the Civil Code, article 278, and the surveys that let a
compound's households choose between renovation options.

The writes of these, each named ``<entity>_<action>`` (the reads are in
oversight.consultations.selectors, the article 278 rules in oversight.consultations.rules).
Services take keyword-only arguments, check the user's permission and scope (``user=None`` is
the system), validate the whole object and save it with history.

Elevator stages go forward one step at a time, each on a day that is not in the future and
not before the day of the stage before it. Moving forward to "consent reached" or beyond is
refused while the recorded answers do not meet the article 278 thresholds. A project may be
moved back to any earlier stage, to correct a mistake: the days of the later stages are
cleared (the history keeps them). Moving to the stage it is at changes that stage's day.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common import clock
from common.validators import not_in_future
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from ..opinions.rules import new_code
from . import rules, selectors
from .choices import ConsentAnswer, ElevatorStage
from .models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Households


def household_code_new() -> str:
    """Return a fresh household code such as WHH-2020-K7QD-3MXA8 (random, with a check
    symbol, so it can be neither guessed nor mistyped unnoticed)."""
    return new_code(f"{settings.OPINION_CODE_PREFIX}H", clock.today().year)


def _save_household_with_code(household, *, user):
    for _attempt in range(5):
        household.code = household_code_new()
        try:
            with transaction.atomic():
                return save_validated(household, user=user)
        except (IntegrityError, ValidationError):
            if not Household.objects.filter(code=household.code).exists():
                raise
            logger.warning("household code clash, drawing again")
    raise RuntimeError("could not draw a free household code")


@transaction.atomic
def household_create(*, user, building, **fields) -> Household:
    """Add a home to a building, under a fresh random code."""
    household = Household(building=building, **fields)
    require_in_scope(
        user, household, "building", _("You may only add homes to buildings you work on.")
    )
    require_perm(user, "oversight.add_household", household)
    return _save_household_with_code(household, user=user)


@transaction.atomic
def household_update(*, household: Household, user, **fields) -> Household:
    """Change a home; it keeps its code. A home that has answered an elevator consultation
    stays in its building."""
    require_perm(user, "oversight.change_household", household)
    fields.pop("code", None)
    building = fields.get("building")
    if (
        building is not None
        and building.pk != household.building_id
        and household.elevator_consents.exists()
    ):
        raise ValidationError(
            {"building": _("This home has answered its building's elevator consultation.")}
        )
    apply_fields(household, fields)
    require_in_scope(
        user, household, "building", _("You may only move homes to buildings you work on.")
    )
    return save_validated(household, user=user)


# ---------------------------------------------------------------------------------------------
# Elevator additions


@transaction.atomic
def elevator_project_create(
    *, user, building, consulting_since=None, notes: str = ""
) -> ElevatorProject:
    """Start consulting a building's households about adding an elevator."""
    project = ElevatorProject(
        building=building,
        consulting_since=consulting_since or clock.today(),
        notes=notes,
    )
    require_in_scope(
        user, project, "building", _("You may only start projects in buildings you work on.")
    )
    require_perm(user, "oversight.add_elevatorproject", project)
    if building.has_elevator:
        raise ValidationError({"building": _("This building has an elevator already.")})
    if ElevatorProject.objects.filter(building=building).exists():
        raise ValidationError({"building": _("This building has an elevator project already.")})
    not_in_future(project.consulting_since, "consulting_since")
    return save_validated(project, user=user)


def _stage_errors_on(error: ValidationError, field: str) -> ValidationError:
    """Put the model's errors on the stage days onto ``field`` (the form's one day)."""
    if not hasattr(error, "error_dict"):
        return error
    day_fields = set(rules.STAGE_DATES.values())
    moved: dict[str, list] = {}
    for name, messages in error.message_dict.items():
        moved.setdefault(field if name in day_fields else name, []).extend(messages)
    return ValidationError(moved)


@transaction.atomic
def elevator_project_move(
    *, project: ElevatorProject, user, stage: str, day=None, reason: str = ""
) -> ElevatorProject:
    """Move a project to ``stage`` reached on ``day`` (see the module's docstring)."""
    require_perm(user, "oversight.change_elevatorproject", project)
    old = ElevatorProject.objects.select_for_update().get(pk=project.pk)
    if stage not in rules.STAGE_ORDER:
        raise ValidationError({"stage": _("Choose a stage.")})
    old_index, new_index = rules.stage_index(old.stage), rules.stage_index(stage)
    if new_index > old_index + 1:
        raise ValidationError(
            {
                "stage": _("Stages go one at a time: the next one is “%(next)s”.")
                % {"next": ElevatorStage(rules.STAGE_ORDER[old_index + 1]).label}
            }
        )
    day_field = rules.STAGE_DATES[stage]
    if day is None and new_index >= old_index:
        raise ValidationError({"day": _("Give the day this stage was reached.")})
    not_in_future(day, "day")
    if new_index > old_index and new_index >= rules.CONSENT_INDEX:
        shortfalls = rules.consent_shortfalls(selectors.elevator_tally(project=old))
        if shortfalls:
            raise ValidationError(
                {
                    "stage": [
                        _(
                            "Consent is not reached under article 278 of the Civil Code, so "
                            "the project cannot move on."
                        ),
                        *shortfalls,
                    ]
                }
            )
    project.stage = stage
    for index, later in enumerate(rules.STAGE_ORDER):
        if index > new_index:
            setattr(project, rules.STAGE_DATES[later], None)
    if day is not None:
        setattr(project, day_field, day)
    if not reason and new_index < old_index:
        reason = _("moved back to correct the stage")
    try:
        return save_validated(project, user=user, reason=reason)
    except ValidationError as error:
        raise _stage_errors_on(error, "day") from None


@transaction.atomic
def elevator_project_update(
    *, project: ElevatorProject, user, stage=None, stage_date=None, **fields
) -> ElevatorProject:
    """Change a project's notes (or the day consulting began while consulting); a new stage
    or stage day goes through elevator_project_move."""
    require_perm(user, "oversight.change_elevatorproject", project)
    fields.pop("building", None)  # a project stays with its building
    if "consulting_since" in fields:
        not_in_future(fields["consulting_since"], "consulting_since")
    if fields:
        apply_fields(project, fields)
        try:
            save_validated(project, user=user)
        except ValidationError as error:
            raise _stage_errors_on(error, "stage_date") from None
    if (stage is not None and stage != project.stage) or stage_date is not None:
        try:
            elevator_project_move(
                project=project, user=user, stage=stage or project.stage, day=stage_date
            )
        except ValidationError as error:
            raise _stage_errors_on(error, "stage_date") from None
    return project


@transaction.atomic
def elevator_consent_record(
    *, user, project: ElevatorProject, household: Household, answer: str, answered_on=None
) -> ElevatorConsent:
    """Record a household's answer, or change it: one answer per household and project, its
    earlier answers kept in the history."""
    consent = (
        ElevatorConsent.objects.select_for_update()
        .filter(project=project, household=household)
        .first()
    )
    new = consent is None
    if new:
        consent = ElevatorConsent(project=project, household=household)
    require_in_scope(
        user, consent, "project", _("You may only record answers in buildings you work on.")
    )
    require_perm(
        user,
        "oversight.add_elevatorconsent" if new else "oversight.change_elevatorconsent",
        consent,
    )
    if household.building_id != project.building_id:
        raise ValidationError(
            {"household": _("This home is in another building: it has no say in this one.")}
        )
    if answer not in ConsentAnswer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    consent.answer = answer
    consent.answered_on = answered_on or clock.today()
    consent.recorded_by = user if user is not None and user.is_authenticated else None
    return save_validated(consent, user=user, reason="" if new else gettext_noop("answer changed"))


@transaction.atomic
def elevator_consent_update(
    *, consent: ElevatorConsent, user, project=None, household=None, **fields
) -> ElevatorConsent:
    """Change a recorded answer (its day or the answer); it stays with its household."""
    require_perm(user, "oversight.change_elevatorconsent", consent)
    if (project is not None and project.pk != consent.project_id) or (
        household is not None and household.pk != consent.household_id
    ):
        raise ValidationError(
            _("An answer stays with its household and project: record a new one instead.")
        )
    return elevator_consent_record(
        user=user,
        project=consent.project,
        household=consent.household,
        answer=fields.get("answer", consent.answer),
        answered_on=fields.get("answered_on", consent.answered_on),
    )


# ---------------------------------------------------------------------------------------------
# Surveys


@transaction.atomic
def survey_create(
    *,
    user,
    compound,
    title: str,
    closes_on,
    questions,
    opens_on=None,
    description: str = "",
) -> Survey:
    """Put a survey to a compound's households. ``questions`` is a list of (text, [option
    texts]); every question needs two options at least."""
    survey = Survey(
        compound=compound,
        title=title,
        description=description,
        opens_on=opens_on or clock.today(),
        closes_on=closes_on,
    )
    require_in_scope(
        user, survey, "compound", _("You may only put surveys to compounds you work on.")
    )
    require_perm(user, "oversight.add_survey", survey)
    questions = list(questions or [])
    if not questions:
        raise ValidationError({"questions": _("Ask at least one question.")})
    for text, options in questions:
        if len(options) < 2:
            raise ValidationError(
                {
                    "questions": _("Give the question “%(question)s” two options at least.")
                    % {"question": text}
                }
            )
    save_validated(survey, user=user)
    for number, (text, options) in enumerate(questions, start=1):
        question = save_validated(SurveyQuestion(survey=survey, order=number, text=text), user=user)
        for place, option in enumerate(options, start=1):
            save_validated(SurveyOption(question=question, order=place, text=option), user=user)
    return survey


@transaction.atomic
def survey_answer(
    *, survey: Survey, household: Household, choices: dict, channel: str, user=None
) -> dict:
    """Record a household's answers (question id -> option) while the survey is open; an
    answer to a question already answered replaces the earlier one (the history keeps it).

    Return how many answers were ``saved`` and how many of those ``replaced`` earlier ones.
    """
    if not survey.is_open():
        raise ValidationError(selectors.survey_closed_message(survey=survey))
    if household.building.compound_id != survey.compound_id:
        raise ValidationError(
            {"household": _("This home is not in the compound this survey asks.")}
        )
    questions = {question.pk: question for question in selectors.survey_questions(survey=survey)}
    chosen = {int(pk): option for pk, option in choices.items() if option not in (None, "")}
    if not questions or not chosen:
        raise ValidationError(_("Choose an answer to one question at least."))
    if user is not None:
        probe = SurveyAnswer(question=next(iter(questions.values())), household=household)
        require_in_scope(
            user, probe, "household", _("You may only record answers in compounds you work on.")
        )
        require_perm(user, "oversight.add_surveyanswer", probe)
    existing = {
        answer.question_id: answer
        for answer in SurveyAnswer.objects.select_for_update().filter(
            question__in=list(questions), household=household
        )
    }
    recorder = user if user is not None and user.is_authenticated else None
    now = clock.now()
    replaced = 0
    for question_pk, option in chosen.items():
        question = questions.get(question_pk)
        if question is None:
            raise ValidationError(_("This question is not in this survey."))
        if isinstance(option, SurveyOption):
            option_obj = option
        else:
            option_obj = next((o for o in question.options.all() if o.pk == int(option)), None)
        if option_obj is None or option_obj.question_id != question.pk:
            raise ValidationError(
                {f"q_{question.pk}": _("This option belongs to another question.")}
            )
        answer = existing.get(question_pk)
        if answer is None:
            answer = SurveyAnswer(question=question, household=household)
            reason = ""
        else:
            replaced += 1
            reason = _("answered again")
        answer.option = option_obj
        answer.channel = channel
        answer.recorded_by = recorder
        answer.answered_at = now
        save_validated(answer, user=user, reason=reason)
    return {"saved": len(chosen), "replaced": replaced}
