"""The honeypot answers a robot exactly as a person: a robot that fills the hidden field gets
the same refusals for the same mistakes, and for a valid post a receipt whose code then reads,
wherever a visitor can look it up (the thanks page, the follow-up page, the public API), as a
real new opinion's does, while nothing of it is written to the database (oversight/opinions/
decoys.py keeps it in the cache)."""

import difflib
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from oversight.opinions.intake import register_intakes
from oversight.opinions.models import Opinion, OpinionIntake
from tests.oversight.opinions.test_views_public_form import valid

pytestmark = pytest.mark.django_db

FORM = "/opinions/new/"
THANKS = "/opinions/thanks/"
TRACK = "/opinions/track/"
API = "/api/v1/public/opinions/"
TRAP = "http://spam.example"


@pytest.fixture
def person():
    return Client(REMOTE_ADDR="10.0.0.1")


@pytest.fixture
def robot():
    return Client(REMOTE_ADDR="10.0.0.2")


def page(response, code="") -> str:
    """The page as a visitor reads it, with the receipt code, the per-request CSRF token and
    what the visitor typed in the trap itself set aside."""
    html = response.content.decode()
    if code:  # as it is, and in a URL (its check symbol may be "=", "$", "*" or "~")
        for written in (quote(code, safe=""), quote(code), code):
            html = html.replace(written, "CODE")
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', html)
    return html.replace(f' value="{TRAP}"', "")


def differences(first: str, second: str) -> str:
    return "\n".join(difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm=""))


def receipt(client, data) -> tuple[int, str]:
    response = client.post(FORM, data)
    assert (response.status_code, response["Location"]) == (302, THANKS)
    thanks = client.get(THANKS)
    return thanks, thanks.context["code"]


def assert_same_look_ups(person, robot, person_code, robot_code):
    for method, url, data in (
        ("get", TRACK, {"code": "{code}"}),
        ("post", TRACK, {"code": "{code}"}),
        ("get", TRACK, {"code": "{code}".lower()}),
        ("get", API + "{code}/", None),
    ):
        answers = []
        for client, code in ((person, person_code), (robot, robot_code)):
            response = getattr(client, method)(
                url.format(code=code),
                {key: value.format(code=code) for key, value in (data or {}).items()},
            )
            answers.append((response.status_code, page(response, code)))
        assert answers[0][0] == answers[1][0], (method, url, data)
        assert answers[0][1] == answers[1][1], differences(answers[0][1], answers[1][1])
        assert answers[0][0] == 200


def test_a_decoys_code_reads_as_a_new_opinions_everywhere(person, robot, world):
    person_thanks, person_code = receipt(person, valid(world))
    robot_thanks, robot_code = receipt(robot, valid(world, website=TRAP))
    assert person_code != robot_code
    assert page(person_thanks, person_code) == page(robot_thanks, robot_code)
    assert not Opinion.objects.filter(code=robot_code).exists()
    assert not OpinionIntake.objects.filter(code=robot_code).exists()

    # While the person's submission waits to be registered, and once it is an opinion.
    assert_same_look_ups(person, robot, person_code, robot_code)
    register_intakes()
    assert Opinion.objects.filter(code=person_code).exists()
    assert_same_look_ups(person, robot, person_code, robot_code)


def test_the_apis_decoy_reads_as_a_new_opinion(person, robot, world):
    body = {
        "compound": world.a1.pk,
        "topics": ["heating", "elevator"],
        "text": "希望加装电梯。",
        "consent": True,
    }
    answers = [
        client.post(API, data, content_type="application/json")
        for client, data in ((person, body), (robot, {**body, "website": TRAP}))
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    person_code, robot_code = (answer.json()["code"] for answer in answers)
    assert answers[0].json() == {**answers[1].json(), "code": person_code}
    assert_same_look_ups(person, robot, person_code, robot_code)


MISTAKES = [
    {"consent": None},
    {"phone": "1380013800"},
    {"text": ""},
    {"topics": []},
    {"building": "999999"},
    {"compound": "x"},
    {"compound": "999999"},
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=str)
def test_a_robots_mistake_is_refused_as_a_persons(person, robot, world, mistake):
    answers = []
    for client, trap in ((person, ""), (robot, TRAP)):
        response = client.post(FORM, valid(world, website=trap, **mistake))
        form = response.context.get("form") if response.context else None
        answers.append((response.status_code, form.errors if form else None, page(response)))
    assert answers[0][:2] == answers[1][:2]
    assert answers[0][2] == answers[1][2], differences(answers[0][2], answers[1][2])
    assert answers[0][0] == 200
    assert not OpinionIntake.objects.exists()


API_MISTAKES = [
    {"consent": False},
    {"topics": []},
    {"compound": 999999},
    {"building": 999999},
    {"phone": "1380013800"},
]


@pytest.mark.parametrize("mistake", API_MISTAKES, ids=str)
def test_a_robots_mistake_on_the_api_is_refused_as_a_persons(person, robot, world, mistake):
    body = {"compound": world.a1.pk, "topics": ["heating"], "text": "好", "consent": True}
    answers = []
    for client, trap in ((person, ""), (robot, TRAP)):
        response = client.post(
            API, {**body, "website": trap, **mistake}, content_type="application/json"
        )
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
    assert not OpinionIntake.objects.exists()


def test_a_decoy_writes_nothing_to_the_database(robot, world):
    with CaptureQueriesContext(connection) as queries:
        robot.post(FORM, valid(world, website=TRAP))
        robot.post(API, {**valid(world), "consent": True, "website": TRAP},
                   content_type="application/json")  # fmt: skip
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and "django_session" not in query["sql"]
    ]
    assert writes == []
    assert not OpinionIntake.objects.exists()


def test_a_decoy_answers_for_its_days_only(robot, world, settings):
    settings.OPINION_DECOY_DAYS = 0  # kept no time at all
    _thanks, code = receipt(robot, valid(world, website=TRAP))
    assert robot.get(TRACK, {"code": code}).status_code == 404
    assert robot.get(f"{API}{code}/").status_code == 404
