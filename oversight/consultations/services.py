"""Consultations of the residents' voice: a building's households, its elevator addition
(加装电梯) with the consent of the Civil Code, article 278, and the surveys that let a
compound's households choose between renovation options.

Reads (selectors) and writes (services) of these live together here, each named
``<entity>_<action>``. Services take keyword-only arguments, check the user's permission and
scope (``user=None`` is the system), validate the whole object and save it with history.

Elevator stages go forward one step at a time, each on a day that is not in the future and
not before the day of the stage before it. Moving forward to "consent reached" or beyond is
refused while the recorded answers do not meet the article 278 thresholds. A project may be
moved back to any earlier stage, to correct a mistake: the days of the later stages are
cleared (the history keeps them). Moving to the stage it is at changes that stage's day.
"""

import logging
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compounds.selectors import scoped
from compounds.services import apply_fields, require_in_scope, require_perm, save_validated

from .. import rules
from ..choices import ConsentAnswer, ElevatorStage, SurveyChannel
from ..models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)
from ..opinions import rules as opinion_rules

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
CONSENT_INDEX = rules.stage_index(ElevatorStage.CONSENT_REACHED)


# ---------------------------------------------------------------------------------------------
# Households


def household_list(*, user) -> QuerySet:
    return scoped(Household.objects.select_related("building__compound"), user)


def building_households(*, building) -> QuerySet:
    return building.homes.order_by("unit", "floor", "door", "pk")


def household_code_new() -> str:
    """Return a fresh household code such as WHH-2020-K7QD-3MXA8 (random, with a check
    symbol, so it can be neither guessed nor mistyped unnoticed)."""
    return opinion_rules.new_code(f"{settings.OPINION_CODE_PREFIX}H", timezone.localdate().year)


def _flat_code(raw: str) -> str:
    return "".join((raw or "").upper().split()).replace("-", "")


def household_by_code(raw_code: str) -> Household | None:
    """Find a household by a typed code, or None. Case, spaces and hyphens are forgiven (and
    O/I/L for 0/1 in the portal's own codes)."""
    homes = Household.objects.select_related("building__compound")
    code = opinion_rules.normalise_code(raw_code)
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
# Elevator additions: reads and the article 278 figures


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
        project.figures = consent_figures(project.tally)
    return projects


@dataclass(frozen=True)
class Threshold:
    """One of the four article 278 thresholds, as the pages show it."""

    key: str
    part: object
    whole: object
    needed: object  # the least part that meets the threshold
    share: Fraction  # part / whole
    required: Fraction
    met: bool
    short: object  # how many more owners, or how many more m², are needed (0 when met)
    is_area: bool

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)).quantize(
            Decimal("0.1")
        )

    @property
    def required_label(self) -> str:
        return _("two thirds") if self.required == rules.TAKE_PART_SHARE else _("three quarters")

    def shortfall_message(self) -> str:
        """Say which threshold is short and by how much, as a whole sentence."""
        values = {
            "part": self.part,
            "whole": self.whole,
            "needed": self.needed,
            "short": self.short,
            "share": self.required_label,
        }
        if self.key == "take_part_owners":
            return (
                ngettext(
                    "Owners taking part: %(part)s of %(whole)s; %(share)s is %(needed)s, so "
                    "%(short)s more owner must take part.",
                    "Owners taking part: %(part)s of %(whole)s; %(share)s is %(needed)s, so "
                    "%(short)s more owners must take part.",
                    self.short,
                )
                % values
            )
        if self.key == "take_part_area":
            return (
                _(
                    "Floor area taking part: %(part)s of %(whole)s m²; %(share)s is %(needed)s m², "
                    "so %(short)s m² more must take part."
                )
                % values
            )
        if self.key == "agree_owners":
            if not self.whole:
                return _("Owners agreeing: nobody has taken part yet.")
            return (
                ngettext(
                    "Owners agreeing: %(part)s of the %(whole)s taking part; %(share)s is "
                    "%(needed)s, so %(short)s more owner must agree.",
                    "Owners agreeing: %(part)s of the %(whole)s taking part; %(share)s is "
                    "%(needed)s, so %(short)s more owners must agree.",
                    self.short,
                )
                % values
            )
        if not self.whole:
            return _("Floor area agreeing: nobody has taken part yet.")
        return (
            _(
                "Floor area agreeing: %(part)s of the %(whole)s m² taking part; %(share)s is "
                "%(needed)s m², so %(short)s m² more must agree."
            )
            % values
        )


def _area_needed(share: Fraction, whole: Decimal) -> Decimal:
    exact = share * Fraction(str(whole))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_CEILING
    )


def _threshold(key, part, whole, required, *, is_area) -> Threshold:
    if is_area:
        share = Fraction(str(part)) / Fraction(str(whole)) if whole else Fraction(0)
        needed = _area_needed(required, whole)
        met = bool(whole) and share >= required
        short = Decimal(0) if met else max(needed - part, CENT)
    else:
        share = Fraction(part, whole) if whole else Fraction(0)
        needed = math.ceil(required * whole)
        met = bool(whole) and share >= required
        short = 0 if met else max(needed - part, 1)
    return Threshold(key, part, whole, needed, share, required, met, short, is_area)


def consent_figures(tally: rules.ConsentTally) -> list[Threshold]:
    """Return the four thresholds of article 278 for a tally: owners and floor area taking
    part (two thirds of all), owners and floor area agreeing (three quarters of those taking
    part). They agree with ConsentTally.enough_take_part and enough_agree."""
    take, agree = rules.TAKE_PART_SHARE, rules.AGREE_SHARE
    return [
        _threshold("take_part_owners", tally.taking_part_owners, tally.owners, take, is_area=False),
        _threshold("take_part_area", tally.taking_part_area, tally.area, take, is_area=True),
        _threshold(
            "agree_owners",
            tally.agreeing_owners,
            tally.taking_part_owners,
            agree,
            is_area=False,
        ),
        _threshold("agree_area", tally.agreeing_area, tally.taking_part_area, agree, is_area=True),
    ]


def consent_shortfalls(tally: rules.ConsentTally) -> list[str]:
    """Return a sentence for each threshold not met (none when consent is reached)."""
    if tally.owners == 0:
        return [_("No home of this building is registered yet: add its households first.")]
    return [figure.shortfall_message() for figure in consent_figures(tally) if not figure.met]


def elevator_households(*, project: ElevatorProject) -> list[dict]:
    """Return the building's homes, each with its answer (or None) in the consultation."""
    consents = {
        consent.household_id: consent for consent in project.consents.select_related("recorded_by")
    }
    return [
        {"household": home, "consent": consents.get(home.pk)}
        for home in building_households(building=project.building)
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


def elevator_stage_choices(*, project: ElevatorProject) -> list[str]:
    """Return the stages a project may move to: back to any earlier stage, its own (to
    correct its day) and the next one."""
    current = rules.stage_index(project.stage)
    return rules.STAGE_ORDER[: min(current + 2, len(rules.STAGE_ORDER))]


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
                "figures": consent_figures(tally),
            }
        )
    reached = sum(
        1
        for row in rows
        if row["project"] and rules.stage_index(row["project"].stage) >= CONSENT_INDEX
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


# ---------------------------------------------------------------------------------------------
# Elevator additions: writes


def _refuse_future(day, field: str):
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("This day is in the future.")})


@transaction.atomic
def elevator_project_create(
    *, user, building, consulting_since=None, notes: str = ""
) -> ElevatorProject:
    """Start consulting a building's households about adding an elevator."""
    project = ElevatorProject(
        building=building,
        consulting_since=consulting_since or timezone.localdate(),
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
    _refuse_future(project.consulting_since, "consulting_since")
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
    _refuse_future(day, "day")
    if new_index > old_index and new_index >= CONSENT_INDEX:
        shortfalls = consent_shortfalls(elevator_tally(project=old))
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
        _refuse_future(fields["consulting_since"], "consulting_since")
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
    consent.answered_on = answered_on or timezone.localdate()
    consent.recorded_by = user if user is not None and user.is_authenticated else None
    return save_validated(consent, user=user, reason="" if new else _("answer changed"))


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
            row["percent"] = round(100 * row["count"] / answered) if answered else 0
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
        "answered_percent": round(100 * answered / households) if households else 0,
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
        opens_on=opens_on or timezone.localdate(),
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
        raise ValidationError(_closed_message(survey))
    if household.building.compound_id != survey.compound_id:
        raise ValidationError(
            {"household": _("This home is not in the compound this survey asks.")}
        )
    questions = {question.pk: question for question in survey_questions(survey=survey)}
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
    now = timezone.now()
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


def _closed_message(survey: Survey) -> str:
    today = timezone.localdate()
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
    today = timezone.localdate()
    return Survey.objects.filter(
        Q(compound=compound), opens_on__lte=today, closes_on__gte=today
    ).order_by("closes_on", "pk")
