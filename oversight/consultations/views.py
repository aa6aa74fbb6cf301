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
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from common import clock
from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from common.views import EditView
from compounds.selectors import building_list, compound_list

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


def _building(request, pk):
    return get_object_or_404(building_list(user=request.user), pk=pk)


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


# ---------------------------------------------------------------------------------------------
# Households


@permission_required("oversight.view_household", raise_exception=True)
def household_list(request, building_pk):
    building = _building(request, building_pk)
    homes = selectors.households_shown(building=building, user=request.user)
    personal = selectors.sees_personal_data(request.user)
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


class HouseholdCreate(EditView):
    """Add a home to a building; "Save and add another" comes back to an empty form."""

    permission = "oversight.add_household"
    object_permission = "oversight.add_household"
    object_permission_message = _lazy("Your role may not add homes to this building.")
    form_class = HouseholdForm
    template_name = "oversight/consultations/household_form.html"
    service = services.household_create

    def get_object(self):
        self.building = _building(self.request, self.kwargs["building_pk"])
        return None

    def permission_target(self):
        return Household(building=self.building)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "personal": selectors.sees_personal_data(self.request.user),
        }

    def service_kwargs(self):
        return {"building": self.building}

    def get_success_message(self, obj):
        return _("Home %(door)s added.") % {"door": obj.door}

    def get_success_url(self, obj):
        if "another" in self.request.POST:
            return reverse("oversight:household_create", args=[self.building.pk])
        return reverse("oversight:household_list", args=[self.building.pk])

    def get_context_data(self, **context):
        building = self.building
        homes = reverse("oversight:household_list", args=[building.pk])
        return {
            **context,
            "building": building,
            "compound": building.compound,
            "title": _("Edit a home") if self.object else _("Add a home"),
            "breadcrumbs": [
                (building.compound.name, building.compound.get_absolute_url()),
                (_("Homes of %(building)s") % {"building": building.number}, homes),
            ],
            "cancel_url": homes,
        }


class HouseholdUpdate(HouseholdCreate):
    permission = "oversight.view_household"
    object_permission = "oversight.change_household"
    object_permission_message = EditView.object_permission_message
    service = services.household_update
    instance_name = "household"

    def get_object(self):
        home = get_object_or_404(
            selectors.household_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        self.building = home.building
        return home

    def permission_target(self):
        return self.object

    def service_kwargs(self):
        return {"household": self.object}

    def get_success_message(self, obj):
        return _("Changes saved.")

    def get_success_url(self, obj):
        return reverse("oversight:household_list", args=[self.object.building_id])

    def get_context_data(self, **context):
        return {**super().get_context_data(**context), "home": self.object}


@permission_required("oversight.view_household", raise_exception=True)
def household_slips(request, building_pk):
    """A printable slip per home: its code and how to answer surveys online."""
    building = _building(request, building_pk)
    if not selectors.sees_personal_data(request.user):
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
    rows = selectors.elevator_households(project=project, user=request.user)
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


def _elevator_breadcrumbs(building, project=None) -> list:
    """The trail of the elevator pages (as includes/elevator_breadcrumb.html draws it)."""
    compound = building.compound
    trail = [
        (compound.name, compound.get_absolute_url()),
        (_("Elevators"), reverse("oversight:compound_elevators", args=[compound.pk])),
    ]
    if project is not None:
        trail.append((building.number, project.get_absolute_url()))
    return trail


class ElevatorCreate(EditView):
    """Start consulting a building's homes about an elevator (once per building)."""

    permission = "oversight.add_elevatorproject"
    form_class = ElevatorProjectForm
    template_name = "oversight/consultations/elevator_form.html"
    service = services.elevator_project_create
    success_message = _lazy("Elevator addition started: record each home's answer.")

    def get_object(self):
        self.building = _building(self.request, self.kwargs["building_pk"])
        self.existing = getattr(self.building, "elevator_project", None)
        return None

    def to_existing(self):
        """A building has one elevator addition: the page sends the user on to it."""
        messages.info(self.request, _("This building's elevator addition is already under way."))
        return redirect(self.existing)

    def get(self, request, *args, **kwargs):
        if self.existing is not None:
            return self.to_existing()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.existing is not None:
            return self.to_existing()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {"initial": {"consulting_since": clock.today()}}

    def service_kwargs(self):
        return {"building": self.building}

    def get_context_data(self, **context):
        building = self.building
        return {
            **context,
            "building": building,
            "compound": building.compound,
            "title": _("Start an elevator addition"),
            "heading": _("Start consulting %(building)s about an elevator")
            % {"building": building.number},
            "breadcrumbs": _elevator_breadcrumbs(building),
            "cancel_url": reverse("oversight:compound_elevators", args=[building.compound_id]),
        }


class ElevatorStageMove(EditView):
    """Move an elevator addition to another stage, beside the consent figures and the stages."""

    permission = "oversight.view_elevatorproject"
    object_permission = "oversight.change_elevatorproject"
    form_class = ElevatorStageForm
    template_name = "oversight/consultations/elevator_stage.html"
    service = services.elevator_project_move
    instance_name = "project"

    def get_object(self):
        return _project(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        project = self.object
        stages = rules.elevator_stage_choices(project=project)
        current = rules.stage_index(project.stage)
        following = stages[-1] if len(stages) > current + 1 else project.stage
        return {"stages": stages, "initial": {"stage": following, "day": clock.today()}}

    def service_arguments(self, form):
        data = form.cleaned_data
        return {"stage": data["stage"], "day": data["day"], "reason": data["reason"]}

    def get_success_message(self, obj):
        return _("The project is now at “%(stage)s”.") % {
            "stage": ElevatorStage(self.object.stage).label
        }

    def get_success_url(self, obj):
        return self.object.get_absolute_url()

    def get_context_data(self, **context):
        project = self.object
        building = project.building
        tally = selectors.elevator_tally(project=project)
        return {
            **context,
            "project": project,
            "building": building,
            "compound": building.compound,
            "tally": tally,
            "figures": rules.consent_figures(tally),
            "timeline": selectors.elevator_timeline(project=project),
            "title": _("Move the stage") + f" · {building.compound.name} {building.number}",
            "heading": _("Move the stage of %(building)s") % {"building": building.number},
            "width": "col-lg-7",
            "breadcrumbs": _elevator_breadcrumbs(building, project),
            "cancel_url": project.get_absolute_url(),
        }


class ElevatorConsentRecord(EditView):
    """Record or change one home's answer."""

    permission = "oversight.view_elevatorproject"
    object_permission_message = _lazy("Your role may not record answers here.")
    form_class = ElevatorConsentForm
    template_name = "oversight/consultations/elevator_consent_form.html"
    service = services.elevator_consent_record

    def get_object(self):
        """The home's answer on record (None when it has none yet)."""
        self.project = _project(self.request, self.kwargs["pk"])
        self.home = get_object_or_404(
            selectors.building_households(building=self.project.building),
            pk=self.kwargs["household_pk"],
        )
        return (
            self.project.consents.filter(household=self.home).select_related("recorded_by").first()
        )

    @property
    def object_permission(self):
        if self.object is not None:
            return "oversight.change_elevatorconsent"
        return "oversight.add_elevatorconsent"

    def permission_target(self):
        return self.object or ElevatorConsent(project=self.project, household=self.home)

    def get_form_kwargs(self):
        initial = {"answered_on": clock.today()}
        if self.object is not None:
            initial["answer"] = self.object.answer
        return {"initial": initial}

    def service_kwargs(self):
        return {"project": self.project, "household": self.home}

    def get_success_message(self, obj):
        done = (
            _("Answer of %(home)s changed.") if self.object else _("Answer of %(home)s recorded.")
        )
        return done % {"home": _home_label(self.home)}

    def get_success_url(self, obj):
        return f"{self.project.get_absolute_url()}#home-{self.home.pk}"

    def get_context_data(self, **context):
        project, home = self.project, self.home
        building = project.building
        home_label = _home_label(home)
        return {
            **context,
            "project": project,
            "building": building,
            "compound": building.compound,
            "home": home,
            "home_label": home_label,
            "owner": selectors.owner_name_for(home, user=self.request.user),
            "consent": self.object,
            "title": _("Answer") + f" · {building.number} {home_label}",
            "heading": f"{building.number} · {home_label}",
            "breadcrumbs": _elevator_breadcrumbs(building, project),
            "cancel_url": f"{project.get_absolute_url()}#home-{home.pk}",
        }


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
            "today": clock.today(),
            "compounds": compound_list(user=request.user)
            if request.user.has_perm("oversight.add_survey")
            else [],
        },
    )


class SurveyCreate(EditView):
    """Put a survey to a compound's households."""

    permission = "oversight.add_survey"
    object_permission = "oversight.add_survey"
    object_permission_message = _lazy("Your role may not put surveys to this compound.")
    form_class = SurveyForm
    template_name = "oversight/consultations/survey_form.html"
    service = services.survey_create
    success_message = _lazy("Survey created: print the slips and share its link.")

    def get_object(self):
        self.compound = _compound(self.request, self.kwargs["compound_pk"])
        return None

    def permission_target(self):
        return Survey(compound=self.compound)

    def get_form_kwargs(self):
        today = clock.today()
        return {"initial": {"opens_on": today, "closes_on": today + datetime.timedelta(days=14)}}

    def service_kwargs(self):
        return {"compound": self.compound}

    def get_context_data(self, **context):
        compound = self.compound
        surveys = reverse("oversight:survey_list")
        return {
            **context,
            "compound": compound,
            "title": _("New survey") + " · " + compound.name,
            "heading": _("New survey for %(compound)s") % {"compound": compound.name},
            "width": "col-lg-7",
            "breadcrumbs": [
                (compound.name, compound.get_absolute_url()),
                (_("Surveys"), surveys),
            ],
            "cancel_url": surveys,
        }


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


class SurveyRecord(EditView):
    """A household's answers, taken down on a home visit (入户走访)."""

    permission = "oversight.add_surveyanswer"
    form_class = SurveyRecordForm
    template_name = "oversight/consultations/survey_record.html"
    service = services.survey_answer

    def get_object(self):
        self.survey = _survey(self.request, self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        survey = self.survey
        return {
            "questions": selectors.survey_questions(survey=survey),
            "households": selectors.survey_household_choices(survey=survey),
            "initial": {"household": self.request.GET.get("household")},
        }

    def service_kwargs(self):
        return {"survey": self.survey, "channel": SurveyChannel.HOME_VISIT}

    def service_arguments(self, form):
        return {"household": form.cleaned_data["household"], "choices": form.choices()}

    def get_success_message(self, result):
        return _answers_saved_message(result)

    def get_success_url(self, result):
        return reverse("oversight:survey_record", args=[self.survey.pk])

    def get_context_data(self, **context):
        survey = self.survey
        is_open = survey.is_open()
        return {
            **context,
            "survey": survey,
            "compound": survey.compound,
            "is_open": is_open,
            "closed_message": "" if is_open else selectors.survey_closed_message(survey=survey),
        }


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
    question. Answering again while the survey is open replaces the earlier answers.

    Not an EditView: two forms in two steps at one address, a closed survey answers a post
    with 403, the code is rate-limited (429), and a success is a page of its own (200), not a
    message and a redirect."""
    survey = get_object_or_404(Survey.objects.select_related("compound"), pk=pk)
    context = {"survey": survey, "compound": survey.compound}
    template = "oversight/consultations/survey_answer.html"
    if not survey.is_open():
        context["closed_message"] = selectors.survey_closed_message(survey=survey)
        if survey.closes_on < clock.today():  # over: its counts are public
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
