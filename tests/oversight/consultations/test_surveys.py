"""Surveys: staff put one to a compound and see its results; households answer online with
their code (again replaces, with history) or on a home visit; closed surveys, unknown codes,
other compounds' homes and too many tries are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from common import clock
from oversight.consultations import selectors
from oversight.consultations import services as svc
from oversight.consultations.choices import SurveyChannel
from oversight.consultations.forms import parse_questions
from oversight.models import Household, Survey, SurveyAnswer
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def question_and_options(survey):
    question = survey.questions.get()
    first, second = question.options.order_by("order")
    return question, first, second


def answer_online(client, survey, code, option=None):
    data = {"code": code}
    if option is not None:
        data.update({"step": "answers", f"q_{option.question_id}": option.pk})
    return client.post(reverse("oversight:survey_answer", args=[survey.pk]), data)


def test_questions_are_read_as_blocks_of_lines():
    text = "车位怎么划？\n- 划线停车\n立体车库\n\n\n晾衣架装在哪里？\n楼前\n楼后\n"
    assert parse_questions(text) == [
        ("车位怎么划？", ["划线停车", "立体车库"]),
        ("晾衣架装在哪里？", ["楼前", "楼后"]),
    ]


def test_staff_create_a_survey_with_its_questions(client, world):
    client.force_login(world.users["community_staff"])
    response = client.post(
        reverse("oversight:survey_create", args=[world.a1.pk]),
        {"title": "改造方案", "opens_on": "2020-06-01", "closes_on": "2020-06-30",
         "questions": "外墙颜色？\n米黄\n浅灰\n\n加装什么？\n充电桩\n快递柜\n健身器材"},
    )  # fmt: skip
    survey = Survey.objects.get(title="改造方案")
    assert response["Location"] == survey.get_absolute_url()
    assert [(q.text, [o.text for o in q.options.all()]) for q in survey.questions.all()] == [
        ("外墙颜色？", ["米黄", "浅灰"]),
        ("加装什么？", ["充电桩", "快递柜", "健身器材"]),
    ]


def test_a_question_needs_two_options(client, world, en):
    client.force_login(world.users["community_staff"])
    response = client.post(
        reverse("oversight:survey_create", args=[world.a1.pk]),
        {"title": "x", "opens_on": "2020-06-01", "closes_on": "2020-06-30",
         "questions": "外墙颜色？\n米黄"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "two options at least" in page_text(response)
    assert not Survey.objects.filter(title="x").exists()


def test_a_household_answers_online_with_its_code(client, world, en):
    survey = world.survey_a1
    question, first, _second = question_and_options(survey)
    step_one = answer_online(client, survey, " h-test 0001 ")
    assert step_one.status_code == 200
    assert "车位怎么划？" in page_text(step_one)
    done = answer_online(client, survey, "H-TEST-0001", first)
    assert done.status_code == 200
    assert "Your home's answers are saved." in page_text(done)
    answer = SurveyAnswer.objects.get()
    assert (answer.household, answer.option, answer.channel, answer.recorded_by) == (
        world.household_a1, first, SurveyChannel.ONLINE, None,
    )  # fmt: skip


def test_answering_again_replaces_the_earlier_answer_and_says_so(client, world, en):
    survey = world.survey_a1
    question, first, second = question_and_options(survey)
    answer_online(client, survey, "H-TEST-0001", first)
    step_one = answer_online(client, survey, "H-TEST-0001")
    assert "If you send again, the new answers replace the earlier ones." in page_text(step_one)
    assert step_one.context["form"].initial[f"q_{question.pk}"] == first.pk
    done = answer_online(client, survey, "H-TEST-0001", second)
    assert "They replace the answers your home gave before." in page_text(done)
    answer = SurveyAnswer.objects.get()
    assert answer.option == second
    assert [h.option_id for h in answer.history.order_by("history_date")] == [first.pk, second.pk]


def test_every_question_must_be_answered_online(client, world, en):
    response = client.post(
        reverse("oversight:survey_answer", args=[world.survey_a1.pk]),
        {"code": "H-TEST-0001", "step": "answers"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [(-30, -1, "This survey closed on"), (1, 30, "This survey opens on")],
)
def test_a_closed_survey_refuses_clearly(client, world, en, opens, closes, says):
    today = clock.today()
    Survey.objects.filter(pk=world.survey_a1.pk).update(
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=today + datetime.timedelta(days=closes),
    )
    _question, first, _second = question_and_options(world.survey_a1)
    page = client.get(reverse("oversight:survey_answer", args=[world.survey_a1.pk]))
    assert says in page_text(page)
    refused = answer_online(client, world.survey_a1, "H-TEST-0001", first)
    assert refused.status_code == 403 and says in page_text(refused)
    assert not SurveyAnswer.objects.exists()
    with pytest.raises(ValidationError):
        svc.survey_answer(
            survey=Survey.objects.get(pk=world.survey_a1.pk), household=world.household_a1,
            choices={first.question_id: first}, channel=SurveyChannel.HOME_VISIT,
        )  # fmt: skip


def test_an_unknown_code_is_plainly_not_found(client, world, en):
    _question, first, _second = question_and_options(world.survey_a1)
    response = answer_online(client, world.survey_a1, "WHH-2020-AAAA-AAAAA", first)
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"] == [
        "No home has this code. Check it against your household slip, letter by letter, and try "
        "again."
    ]
    assert "form" not in response.context
    assert not SurveyAnswer.objects.exists()


def test_a_household_of_another_compound_is_refused(client, world, en):
    stranger = Household.objects.create(
        building=world.a2.buildings.get(), door="101", floor_area="70", code="H-TEST-A2"
    )
    _question, first, _second = question_and_options(world.survey_a1)
    response = answer_online(client, world.survey_a1, "H-TEST-A2", first)
    assert "This code is for a home in another compound" in page_text(response)
    assert not SurveyAnswer.objects.exists()
    with pytest.raises(ValidationError):
        svc.survey_answer(
            survey=world.survey_a1, household=stranger, choices={first.question_id: first},
            channel=SurveyChannel.ONLINE,
        )  # fmt: skip


@override_settings(
    REST_FRAMEWORK={
        "DEFAULT_THROTTLE_RATES": {"opinion_submit": "5/min", "opinion_track": "3/min"},
    }
)
def test_too_many_code_lookups_from_one_address_are_refused_with_429(client, world, en):
    url = reverse("oversight:survey_answer", args=[world.survey_a1.pk])
    for _attempt in range(3):
        assert client.post(url, {"code": "WHH-2020-AAAA-AAAAA"}).status_code == 200
    refused = client.post(url, {"code": "H-TEST-0001"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Please try again in" in page_text(refused)
    other = client.post(url, {"code": "H-TEST-0001"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_staff_record_a_home_visit(client, world, en):
    question, first, second = question_and_options(world.survey_a1)
    staff = world.users["community_staff"]
    client.force_login(staff)
    url = reverse("oversight:survey_record", args=[world.survey_a1.pk])
    response = client.post(url, {"household": world.household_a1.pk, f"q_{question.pk}": second.pk})
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.channel, answer.recorded_by, answer.option) == (
        SurveyChannel.HOME_VISIT, staff, second,
    )  # fmt: skip


def test_a_home_visit_for_a_household_of_another_compound_is_refused(client, world):
    stranger = Household.objects.create(
        building=world.a2.buildings.get(), door="101", floor_area="70", code="H-TEST-A2"
    )
    question, first, _second = question_and_options(world.survey_a1)
    client.force_login(world.users["street_staff"])
    url = reverse("oversight:survey_record", args=[world.survey_a1.pk])
    response = client.post(url, {"household": stranger.pk, f"q_{question.pk}": first.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert not SurveyAnswer.objects.exists()


def test_a_survey_that_is_over_shows_its_counts_to_everyone_and_no_household(client, world, en):
    question, first, second = question_and_options(world.survey_a1)
    svc.survey_answer(
        survey=world.survey_a1, household=world.household_a1, choices={question.pk: second},
        channel=SurveyChannel.HOME_VISIT,
    )  # fmt: skip
    today = clock.today()
    Survey.objects.filter(pk=world.survey_a1.pk).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    page = client.get(reverse("oversight:survey_answer", args=[world.survey_a1.pk]))
    text = page_text(page)
    assert "What the households chose: 1 of 1 answered" in text
    assert second.text in text and "100%" in text
    home = world.household_a1
    assert home.code not in text and (not home.owner_name or home.owner_name not in text)


def test_a_survey_not_open_yet_shows_no_counts(client, world, en):
    today = clock.today()
    Survey.objects.filter(pk=world.survey_a1.pk).update(
        opens_on=today + datetime.timedelta(days=1), closes_on=today + datetime.timedelta(days=9)
    )
    page = client.get(reverse("oversight:survey_answer", args=[world.survey_a1.pk]))
    assert "results" not in page.context


def test_the_results_count_each_option_households_and_channels(client, world, en):
    question, first, second = question_and_options(world.survey_a1)
    homes = [world.household_a1] + [
        Household.objects.create(
            building=world.building_a1, door=f"{n}02", floor_area="60", code=f"H-R-{n}"
        )
        for n in range(1, 4)
    ]
    for home, option, channel in zip(
        homes[:3],
        [first, first, second],
        [SurveyChannel.ONLINE, SurveyChannel.ONLINE, SurveyChannel.HOME_VISIT],
        strict=True,
    ):
        svc.survey_answer(
            survey=world.survey_a1, household=home, choices={question.pk: option},
            channel=channel,
        )  # fmt: skip
    results = selectors.survey_results(survey=world.survey_a1)
    assert (results["households"], results["answered_households"]) == (4, 3)
    assert [
        (r["option"], r["count"], r["percent"]) for r in results["questions"][0]["options"]
    ] == [
        (first, 2, 67),
        (second, 1, 33),
    ]
    assert {r["channel"]: r["count"] for r in results["by_channel"]} == {
        "online": 2, "home_visit": 1,
    }  # fmt: skip
    client.force_login(world.users["supervisor"])
    page = page_text(client.get(reverse("oversight:survey_detail", args=[world.survey_a1.pk])))
    assert "3 of 4" in page
    api = client.get(reverse("api:survey-detail", args=[world.survey_a1.pk])).json()
    assert api["results"]["answered_households"] == 3
    assert api["results"]["questions"][0]["options"][0]["count"] == 2


def test_another_communitys_survey_is_not_found(client, world):
    client.force_login(world.users["other_community_staff"])
    for name in ("survey_detail", "survey_record"):
        assert (
            client.get(reverse(f"oversight:{name}", args=[world.survey_a1.pk])).status_code == 404
        )
    url = reverse("oversight:survey_create", args=[world.a1.pk])
    assert client.get(url).status_code == 404
