"""The public API: send an opinion (201 with its code), follow it by code; bad input is a 400
with reasons, an unknown code a 404, and the same rate limits as the public pages."""

import pytest
from django.test import Client
from django.utils import timezone

from common import clock
from oversight.opinions import rules
from oversight.opinions.intake import register_intakes
from oversight.opinions.models import TEXT_MAX, Opinion, OpinionTopic

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/opinions/"


def detail(code):
    return f"{URL}{code}/"


def body(world, **changes):
    data = {
        "compound": world.a1.pk,
        "building": world.building_a1.pk,
        "unit": "1",
        "topics": ["heating", "elevator"],
        "text": "希望加装电梯。",
        "name": "赵奶奶",
        "phone": "13800138000",
        "consent": True,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data, **extra):
    return client.post(URL, data, content_type="application/json", **extra)


def new_opinions(world):
    """The opinions the submissions became, once registered as their task does after the
    request commits (tests/oversight/test_intake.py follows that step itself)."""
    register_intakes()
    return Opinion.objects.exclude(pk=world.opinion_a1.pk)


def test_a_valid_opinion_is_created_with_its_code(client, world):
    response = post(client, body(world))
    assert response.status_code == 201, response.json()
    payload = response.json()
    assert set(payload) == {"code", "status"}
    assert payload["status"] == "received"
    opinion = new_opinions(world).get()
    assert opinion.code == payload["code"]
    assert opinion.channel == "online"
    assert opinion.phone.as_e164 == "+8613800138000"
    assert opinion.consent_at is not None
    assert sorted(OpinionTopic.objects.filter(opinion=opinion).values_list("topic", flat=True)) == [
        "elevator",
        "heating",
    ]


def test_only_the_required_fields_are_needed(client, world):
    data = {"compound": world.a1.pk, "topics": ["other"], "text": "好", "consent": True}
    assert post(client, data).status_code == 201
    opinion = new_opinions(world).get()
    assert (opinion.name, str(opinion.phone), opinion.building) == ("", "", None)


def test_a_repeated_topic_counts_once(client, world):
    assert post(client, body(world, topics=["heating", "heating"])).status_code == 201
    assert new_opinions(world).get().topic_rows.count() == 1


def test_no_session_is_used_so_no_csrf_token_is_needed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["street_staff"])
    response = post(client, body(world))
    assert response.status_code == 201
    assert new_opinions(world).get().recorded_by is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+85291234567"}, "phone"),
        ({"text": "长" * (TEXT_MAX + 1)}, "text"),
        ({"text": ""}, "text"),
        ({"compound": 999999}, "compound"),
        ({"compound": "abc"}, "compound"),
        ({"topics": []}, "topics"),
        ({"topics": ["casino"]}, "topics"),
        ({"unit": "x" * 21}, "unit"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(client, world, changes, field):
    response = post(client, body(world, **changes))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not new_opinions(world).exists()


def test_a_building_of_another_compound_is_a_400(client, world):
    response = post(client, body(world, building=world.b1.buildings.get().pk))
    assert response.status_code == 400
    assert "building" in response.json()
    assert not new_opinions(world).exists()


def test_a_body_that_is_not_an_object_is_a_400(client, world):
    response = client.post(URL, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert not new_opinions(world).exists()


def test_a_filled_honeypot_stores_nothing_and_answers_like_a_success(client, world):
    response = post(client, body(world, website="http://spam.example"))
    assert response.status_code == 201
    code = response.json()["code"]
    assert response.json()["status"] == "received"
    assert rules.normalise_code(code) == code
    assert not new_opinions(world).exists()
    assert client.get(detail(code)).status_code == 200  # a decoy, followed as a real one


def rate(scope):
    """The configured number of requests a window of ``scope`` allows."""
    from django.conf import settings

    from oversight.opinions.throttles import OpinionSubmitThrottle

    allowed, _window = OpinionSubmitThrottle().parse_rate(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    )
    return allowed


def test_the_sixth_opinion_in_a_minute_is_a_429_with_retry_after(client, world):
    for _ in range(5):
        assert post(client, body(world)).status_code == 201
    response = post(client, body(world))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert new_opinions(world).count() == 5


def test_refused_posts_do_not_count_towards_the_limit_on_opinions(client, world):
    for _ in range(5):
        assert post(client, body(world, consent=False)).status_code == 400
    for _ in range(rate("opinion_submit")):
        assert post(client, body(world)).status_code == 201
    assert new_opinions(world).count() == rate("opinion_submit")
    assert post(client, body(world)).status_code == 429


def test_a_flood_of_posts_is_refused_at_the_higher_limit(client, world):
    for _ in range(rate("opinion_attempt")):
        assert post(client, body(world, consent=False)).status_code == 400
    response = post(client, body(world))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert not new_opinions(world).exists()


def test_the_honeypot_is_limited_exactly_as_an_accepted_opinion(world):
    person, robot = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    allowed = rate("opinion_submit")
    people = [post(person, body(world)).status_code for _ in range(allowed + 1)]
    robots = [post(robot, body(world, website="spam")).status_code for _ in range(allowed + 1)]
    assert people == robots == [201] * allowed + [429]
    assert new_opinions(world).count() == allowed


def test_the_form_and_the_api_share_one_budget_per_address(client, world):
    form = {"compound": world.a1.pk, "topics": ["heating"], "text": "好", "consent": "on"}
    for _ in range(5):
        assert client.post("/opinions/new/", form).status_code == 302
    assert post(client, body(world)).status_code == 429


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, world):
    """With no proxy configured, X-Forwarded-For is the client's own word and is ignored."""
    for number in range(5):
        post(client, body(world), HTTP_X_FORWARDED_FOR=f"10.1.1.{number}")
    assert post(client, body(world), HTTP_X_FORWARDED_FOR="10.1.1.99").status_code == 429


def test_the_limit_follows_the_forwarded_address_behind_a_proxy(client, world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(5):
        post(client, body(world), HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert post(client, body(world), HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429
    assert post(client, body(world), HTTP_X_FORWARDED_FOR="5.6.7.8").status_code == 201


# Following by code


def test_the_code_gives_the_public_facts_only(client, world):
    opinion = world.opinion_a1
    response = client.get(detail(opinion.code))
    assert response.status_code == 200
    payload = response.json()
    assert payload["code"] == opinion.code
    assert payload["status"] == "received"
    assert payload["compound"] == world.a1.name
    assert payload["received_on"] == timezone.localdate(opinion.received_at).isoformat()
    assert len(payload["topics"]) == 2
    assert payload["reply"] == "" and payload["merged_into"] is None
    raw = response.content.decode()
    for secret in ("李秀英", "13800138000", opinion.text, "phone", '"name"', '"text"'):
        assert secret not in raw


def test_the_code_is_forgiven_its_case(client, world):
    response = client.get(detail(world.opinion_a1.code.lower()))
    assert response.status_code == 200
    assert response.json()["code"] == world.opinion_a1.code


def test_an_unknown_or_mistyped_code_is_a_404(client, world):
    code = world.opinion_a1.code
    wrong = code[:-2] + ("X" if code[-2] != "X" else "Y") + code[-1]
    for candidate in (wrong, "WH-2020-0000-00000", "nonsense"):
        response = client.get(detail(candidate))
        assert response.status_code == 404
        assert code not in response.content.decode()


def test_the_reply_is_given_only_once_published(client, world):
    opinion = world.opinion_a1
    Opinion.objects.filter(pk=opinion.pk).update(
        status="answered", reply="已安排。", replied_at=clock.now(), reply_published=False
    )
    assert client.get(detail(opinion.code)).json()["reply"] == ""
    Opinion.objects.filter(pk=opinion.pk).update(reply_published=True)
    payload = client.get(detail(opinion.code)).json()
    assert payload["reply"] == "已安排。"
    assert payload["replied_on"] == clock.today().isoformat()


def test_lookups_are_rate_limited(client, world):
    for _ in range(30):
        client.get(detail("WH-2020-0000-00000"))
    response = client.get(detail(world.opinion_a1.code))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_the_public_api_opens_no_request_transaction():
    """A submission is one INSERT (atomic by itself): no BEGIN and COMMIT around it."""
    from django.urls import resolve

    assert "default" in resolve(URL).func._non_atomic_requests
