"""Pages of the residents' voice: consultations.

Staff keep each building's homes (with a printable slip per home), follow the elevator
addition of each building against the thresholds of the Civil Code, article 278, and put
surveys to a compound's households. Residents answer a survey online, without an account,
with their household's code.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from compounds.permissions import require_object_perm
from compounds.selectors import building_list, compound_list

from ..opinions.rules import mask_name
from ..opinions.throttles import OpinionTrackThrottle, seconds_to_wait
from ..opinions.views import rate_limited
from . import exports, rules, selectors, services
from .choices import ElevatorStage, SurveyChannel
from .filtersets import ElevatorProjectFilterSet, SurveyFilterSet
from .forms import (
    ElevatorConsentForm,
    ElevatorProjectForm,
    ElevatorStageForm,
    HouseholdForm,
    SurveyAnswerForm,
    SurveyCodeForm,
    SurveyForm,
    SurveyRecordForm,
)
from .models import ElevatorConsent, Household, Survey

PERSONAL = "oversight.view_personal_data"


def _owner(user, name: str) -> str:
    return name if user.has_perm(PERSONAL) else mask_name(name)


def _building(request, pk):
    return get_object_or_404(building_list(user=request.user), pk=pk)


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


# ---------------------------------------------------------------------------------------------
# Households


@permission_required("oversight.view_household", raise_exception=True)
def household_list(request, building_pk):
    building = _building(request, building_pk)
    homes = list(selectors.building_households(building=building))
    personal = request.user.has_perm(PERSONAL)
    for home in homes:
        home.owner_shown = _owner(request.user, home.owner_name)
    return render(
        request,
        "oversight/consultations/household_list.html",
        {
            "building": building,
            "compound": building.compound,
            "homes": homes,
            "total_area": sum((home.floor_area for home in homes), 0),
            "personal": personal,
            "can_add": request.user.has_perm(
                "oversight.add_household", Household(building=building)
            ),
            "can_change": request.user.has_perm(
                "oversight.change_household", Household(building=building)
            ),
            "project": getattr(building, "elevator_project", None),
        },
    )


@permission_required("oversight.add_household", raise_exception=True)
def household_create(request, building_pk):
    building = _building(request, building_pk)
    require_object_perm(
        request.user,
        "oversight.add_household",
        Household(building=building),
        _("Your role may not add homes to this building."),
    )
    personal = request.user.has_perm(PERSONAL)
    form = HouseholdForm(request.POST or None, personal=personal)
    if request.method == "POST" and form.is_valid():
        try:
            home = services.household_create(
                user=request.user, building=building, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Home %(door)s added.") % {"door": home.door})
            if "another" in request.POST:
                return redirect("oversight:household_create", building_pk=building.pk)
            return redirect("oversight:household_list", building_pk=building.pk)
    return render(
        request,
        "oversight/consultations/household_form.html",
        {"form": form, "building": building, "compound": building.compound},
    )


@permission_required("oversight.view_household", raise_exception=True)
def household_update(request, pk):
    home = get_object_or_404(selectors.household_list(user=request.user), pk=pk)
    require_object_perm(request.user, "oversight.change_household", home)
    personal = request.user.has_perm(PERSONAL)
    form = HouseholdForm(request.POST or None, instance=home, personal=personal)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(household=home, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("oversight:household_list", building_pk=home.building_id)
    return render(
        request,
        "oversight/consultations/household_form.html",
        {"form": form, "home": home, "building": home.building, "compound": home.building.compound},
    )


@permission_required("oversight.view_household", raise_exception=True)
def household_slips(request, building_pk):
    """A printable slip per home: its code and how to answer surveys online."""
    building = _building(request, building_pk)
    if not request.user.has_perm(PERSONAL):
        raise PermissionDenied(_("Your role may not print the households' codes."))
    surveys = [
        {"survey": survey, "url": request.build_absolute_uri(
            reverse("oversight:survey_answer", kwargs={"pk": survey.pk})
        )}
        for survey in selectors.open_surveys(compound=building.compound)
    ]  # fmt: skip
    return render(
        request,
        "oversight/consultations/household_slips.html",
        {
            "building": building,
            "compound": building.compound,
            "homes": selectors.building_households(building=building),
            "surveys": surveys,
        },
    )


# ---------------------------------------------------------------------------------------------
# Elevator additions


@permission_required("oversight.view_elevatorproject", raise_exception=True)
def elevator_list(request):
    context = filtered_page(
        request, ElevatorProjectFilterSet, selectors.elevator_project_list(user=request.user)
    )
    if response := list_export(request, context, exports.ELEVATORS):
        return response
    context["page"].object_list = selectors.elevator_projects_with_tallies(
        context["page"].object_list
    )
    form = context["filterset"].form
    return render(
        request,
        "oversight/consultations/elevator_list.html",
        {**context, "filter_fields": [form["compound"], form["stage"]]},
    )


@permission_required("oversight.view_elevatorproject", raise_exception=True)
def compound_elevators(request, compound_pk):
    """Each building of a compound against the article 278 thresholds."""
    compound = _compound(request, compound_pk)
    return render(
        request,
        "oversight/consultations/compound_elevators.html",
        {
            "compound": compound,
            **selectors.compound_elevator_overview(compound=compound),
            "can_add": request.user.has_perm("oversight.add_elevatorproject"),
            "can_see_homes": request.user.has_perm("oversight.view_household"),
        },
    )


def _project(request, pk):
    return get_object_or_404(selectors.elevator_project_list(user=request.user), pk=pk)


@permission_required("oversight.view_elevatorproject", raise_exception=True)
def elevator_detail(request, pk):
    project = _project(request, pk)
    rows = selectors.elevator_households(project=project)
    for row in rows:
        row["owner"] = _owner(request.user, row["household"].owner_name)
    tally = selectors.elevator_tally(project=project)
    past_consent = rules.stage_index(project.stage) >= rules.CONSENT_INDEX
    return render(
        request,
        "oversight/consultations/elevator_detail.html",
        {
            "project": project,
            "building": project.building,
            "compound": project.building.compound,
            "rows": rows,
            "tally": tally,
            "figures": rules.consent_figures(tally),
            "shortfalls": rules.consent_shortfalls(tally),
            "no_longer_met": past_consent and not tally.consent_reached,
            "timeline": selectors.elevator_timeline(project=project),
            "can_record": request.user.has_perm("oversight.add_elevatorconsent")
            and request.user.has_perm("oversight.change_elevatorproject", project),
            "can_move": request.user.has_perm("oversight.change_elevatorproject", project),
            "can_add_homes": request.user.has_perm("oversight.add_household"),
        },
    )


@permission_required("oversight.add_elevatorproject", raise_exception=True)
def elevator_create(request, building_pk):
    building = _building(request, building_pk)
    existing = getattr(building, "elevator_project", None)
    if existing is not None:
        messages.info(request, _("This building's elevator addition is already under way."))
        return redirect(existing)
    form = ElevatorProjectForm(
        request.POST or None, initial={"consulting_since": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.elevator_project_create(
                user=request.user, building=building, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Elevator addition started: record each home's answer."))
            return redirect(project)
    return render(
        request,
        "oversight/consultations/elevator_form.html",
        {"form": form, "building": building, "compound": building.compound},
    )


@permission_required("oversight.view_elevatorproject", raise_exception=True)
def elevator_stage(request, pk):
    project = _project(request, pk)
    require_object_perm(request.user, "oversight.change_elevatorproject", project)
    stages = rules.elevator_stage_choices(project=project)
    current = rules.stage_index(project.stage)
    following = stages[-1] if len(stages) > current + 1 else project.stage
    form = ElevatorStageForm(
        request.POST or None,
        stages=stages,
        initial={"stage": following, "day": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.elevator_project_move(
                project=project,
                user=request.user,
                stage=data["stage"],
                day=data["day"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The project is now at “%(stage)s”.")
                % {"stage": ElevatorStage(project.stage).label},
            )
            return redirect(project)
    tally = selectors.elevator_tally(project=project)
    return render(
        request,
        "oversight/consultations/elevator_stage.html",
        {
            "form": form,
            "project": project,
            "building": project.building,
            "compound": project.building.compound,
            "tally": tally,
            "figures": rules.consent_figures(tally),
            "timeline": selectors.elevator_timeline(project=project),
        },
    )


@permission_required("oversight.view_elevatorproject", raise_exception=True)
def elevator_consent(request, pk, household_pk):
    """Record or change one home's answer."""
    project = _project(request, pk)
    home = get_object_or_404(
        selectors.building_households(building=project.building), pk=household_pk
    )
    consent = project.consents.filter(household=home).select_related("recorded_by").first()
    require_object_perm(
        request.user,
        "oversight.change_elevatorconsent" if consent else "oversight.add_elevatorconsent",
        consent or ElevatorConsent(project=project, household=home),
        _("Your role may not record answers here."),
    )
    initial = {"answered_on": timezone.localdate()}
    if consent is not None:
        initial["answer"] = consent.answer
    form = ElevatorConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.elevator_consent_record(
                user=request.user, project=project, household=home, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (_("Answer of %(home)s changed.") if consent else _("Answer of %(home)s recorded."))
                % {"home": _home_label(home)},
            )
            return redirect(f"{project.get_absolute_url()}#home-{home.pk}")
    return render(
        request,
        "oversight/consultations/elevator_consent_form.html",
        {
            "form": form,
            "project": project,
            "building": project.building,
            "compound": project.building.compound,
            "home": home,
            "home_label": _home_label(home),
            "owner": _owner(request.user, home.owner_name),
            "consent": consent,
        },
    )


def _home_label(home) -> str:
    if home.unit:
        return _("unit %(unit)s, door %(door)s") % {"unit": home.unit, "door": home.door}
    return _("door %(door)s") % {"door": home.door}


# ---------------------------------------------------------------------------------------------
# Surveys (staff)


@permission_required("oversight.view_survey", raise_exception=True)
def survey_list(request):
    context = filtered_page(request, SurveyFilterSet, selectors.survey_list(user=request.user))
    if response := list_export(request, context, exports.SURVEYS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/consultations/survey_list.html",
        {
            **context,
            "filter_fields": [form["compound"], form["q"]],
            "today": timezone.localdate(),
            "compounds": compound_list(user=request.user)
            if request.user.has_perm("oversight.add_survey")
            else [],
        },
    )


@permission_required("oversight.add_survey", raise_exception=True)
def survey_create(request, compound_pk):
    compound = _compound(request, compound_pk)
    require_object_perm(
        request.user,
        "oversight.add_survey",
        Survey(compound=compound),
        _("Your role may not put surveys to this compound."),
    )
    today = timezone.localdate()
    form = SurveyForm(
        request.POST or None,
        initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                user=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created: print the slips and share its link."))
            return redirect(survey)
    return render(
        request, "oversight/consultations/survey_form.html", {"form": form, "compound": compound}
    )


def _survey(request, pk):
    return get_object_or_404(selectors.survey_list(user=request.user), pk=pk)


@permission_required("oversight.view_survey", raise_exception=True)
def survey_detail(request, pk):
    survey = _survey(request, pk)
    return render(
        request,
        "oversight/consultations/survey_detail.html",
        {
            "survey": survey,
            "compound": survey.compound,
            "results": selectors.survey_results(survey=survey),
            "is_open": survey.is_open(),
            "closed_message": ""
            if survey.is_open()
            else selectors.survey_closed_message(survey=survey),
            "answer_url": request.build_absolute_uri(
                reverse("oversight:survey_answer", kwargs={"pk": survey.pk})
            ),
            "can_record": request.user.has_perm("oversight.add_surveyanswer"),
        },
    )


@permission_required("oversight.add_surveyanswer", raise_exception=True)
def survey_record(request, pk):
    """A household's answers, taken down on a home visit (入户走访)."""
    survey = _survey(request, pk)
    questions = selectors.survey_questions(survey=survey)
    form = SurveyRecordForm(
        request.POST or None,
        questions=questions,
        households=selectors.survey_household_choices(survey=survey),
        initial={"household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.survey_answer(
                survey=survey,
                household=form.cleaned_data["household"],
                choices=form.choices(),
                channel=SurveyChannel.HOME_VISIT,
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _answers_saved_message(result))
            return redirect("oversight:survey_record", pk=survey.pk)
    return render(
        request,
        "oversight/consultations/survey_record.html",
        {
            "form": form,
            "survey": survey,
            "compound": survey.compound,
            "is_open": survey.is_open(),
            "closed_message": ""
            if survey.is_open()
            else selectors.survey_closed_message(survey=survey),
        },
    )


def _answers_saved_message(result) -> str:
    saved = ngettext("%(count)d answer saved.", "%(count)d answers saved.", result["saved"]) % {
        "count": result["saved"]
    }
    if result["replaced"]:
        saved += " " + ngettext(
            "It replaces the household's earlier answer.",
            "%(count)d of them replace the household's earlier answers.",
            result["replaced"],
        ) % {"count": result["replaced"]}
    return saved


# ---------------------------------------------------------------------------------------------
# Surveys (residents, online, no account)


def _throttled(request, seconds: int):
    until = timezone.localtime() + datetime.timedelta(seconds=seconds)
    message = ngettext(
        "Too many codes were tried from this connection. Please try again in %(seconds)d "
        "second, after %(time)s.",
        "Too many codes were tried from this connection. Please try again in %(seconds)d "
        "seconds, after %(time)s.",
        seconds,
    ) % {"seconds": seconds, "time": until.strftime("%H:%M:%S")}
    return rate_limited(
        request,
        seconds,
        message=message,
        advice=_("Check the code on your household slip, then try again."),
    )


@login_not_required
def survey_answer(request, pk):
    """Answer a survey with the household's code: type the code, then pick one option per
    question. Answering again while the survey is open replaces the earlier answers."""
    survey = get_object_or_404(Survey.objects.select_related("compound"), pk=pk)
    context = {"survey": survey, "compound": survey.compound}
    template = "oversight/consultations/survey_answer.html"
    if not survey.is_open():
        context["closed_message"] = selectors.survey_closed_message(survey=survey)
        if survey.closes_on < timezone.localdate():  # over: its counts are public
            context["results"] = selectors.survey_results(survey=survey)
        return render(request, template, context, status=200 if request.method == "GET" else 403)
    code_form = SurveyCodeForm(request.POST or None)
    context["code_form"] = code_form
    if request.method != "POST" or not code_form.is_valid():
        return render(request, template, context)
    wait = seconds_to_wait(OpinionTrackThrottle, request)
    if wait is not None:
        return _throttled(request, wait)
    home = selectors.household_by_code(code_form.cleaned_data["code"])
    if home is None:
        code_form.add_error(
            "code",
            _(
                "No home has this code. Check it against your household slip, letter by "
                "letter, and try again."
            ),
        )
        return render(request, template, context)
    if home.building.compound_id != survey.compound_id:
        code_form.add_error(
            "code",
            _("This code is for a home in another compound: this survey asks %(compound)s only.")
            % {"compound": survey.compound.name},
        )
        return render(request, template, context)
    questions = selectors.survey_questions(survey=survey)
    earlier = selectors.survey_household_answers(survey=survey, household=home)
    answering = request.POST.get("step") == "answers"
    form = SurveyAnswerForm(
        request.POST if answering else None,
        questions=questions,
        required=True,
        initial_answers=earlier,
    )
    context.update(
        form=form,
        code=home.code,
        home=home,
        home_label=_home_label(home),
        earlier=earlier,
        earlier_on=max((a.answered_at for a in earlier.values()), default=None),
    )
    if answering and form.is_valid():
        try:
            result = services.survey_answer(
                survey=survey,
                household=home,
                choices=form.choices(),
                channel=SurveyChannel.ONLINE,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context["result"] = result
            return render(request, "oversight/consultations/survey_answer_done.html", context)
    return render(request, template, context)
