"""A resident's request about their data (/privacy/): the receipt code and the phone, a code
texted to that phone, then what is held and the requests; the same answer whether the code
and phone match or not; codes that expire, few tries, rate limits."""

import datetime

import pytest
from django.test import Client, TestCase

from common import clock, sms
from oversight.privacy import tasks
from oversight.privacy.models import PrivacyChallenge, PrivacyRequest
from renovation.celery_app import app
from tests.utils import page_text

pytestmark = pytest.mark.django_db

START, CONFIRM, DATA = "/privacy/", "/privacy/confirm/", "/privacy/data/"
PHONE = "13800138000"  # the phone of the world's opinion_a1


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def resident(address="10.0.0.1") -> Client:
    """A resident's browser from ``address``, reading the pages in English."""
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    return client


def run_queued_texts() -> int:
    """Take the queued messages off the broker and run the texts among them, as a worker
    would; return how many ran."""
    ran = 0
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                args, kwargs, _embed = message.decode()
                message.ack()
                if message.headers["task"] == tasks.text_confirmation_code.name:
                    tasks.text_confirmation_code(*args, **kwargs)
                    ran += 1
        finally:
            queue.close()
    return ran


def post_start(client, data):
    """Step 1 as the resident's browser sends it; then the worker runs what it queued."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(START, data)
    run_queued_texts()
    return response


def texted_code() -> str:
    assert len(sms.outbox) == 1, sms.outbox
    return sms.outbox[-1].params[0]


def confirmed(client, world) -> Client:
    """The resident through steps 1 and 2 with the right code."""
    post_start(client, {"code": world.opinion_a1.code, "phone": PHONE})
    response = client.post(CONFIRM, {"answer": texted_code()})
    assert response.status_code == 302 and response["Location"] == DATA
    return client


def test_the_whole_flow_from_the_code_to_the_staff_and_back(world):
    opinion = world.opinion_a1
    client = resident()
    page = client.get(START)
    assert page.status_code == 200 and 'name="phone"' in page.content.decode()
    step1 = post_start(client, {"code": opinion.code.lower(), "phone": PHONE})
    assert step1.status_code == 302 and step1["Location"] == CONFIRM
    text = sms.outbox[-1]
    assert text.phone == "+8613800138000" and len(text.params[0]) == 6
    stored = PrivacyChallenge.objects.get(opinion=opinion)
    assert text.params[0] not in stored.code_hash  # stored hashed, never as typed
    client.post(CONFIRM, {"answer": text.params[0]})

    held = page_text(client.get(DATA))
    assert "李秀英" in held and "138 0013 8000" in held and "希望改造暖气" in held
    seen = PrivacyRequest.objects.get(opinion=opinion, kind="see")
    assert seen.status == "done"

    asked = client.post(DATA, {"action": "correct", "new_name": "李秀云", "new_phone": ""})
    assert asked.status_code == 302
    request = PrivacyRequest.objects.get(opinion=opinion, kind="correct")
    assert request.status == "pending" and request.new_name == "李秀云"
    assert "waiting for the street" in page_text(client.get(DATA))

    staff = resident("10.9.9.9")
    staff.force_login(world.users["community_staff"])
    listed = staff.get("/residents/privacy-requests/")
    assert opinion.code in page_text(listed)
    done = staff.post(f"/residents/privacy-requests/{request.pk}/carry-out/")
    assert done.status_code == 302
    opinion.refresh_from_db()
    assert opinion.name == "李秀云"
    last = opinion.history.first()
    assert last.name == "李秀云" and last.history_user == world.users["community_staff"]
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == world.users["community_staff"]

    # Later, with the same receipt code and a new text: the request's status.
    sms.outbox.clear()
    later = confirmed(resident(), world)
    text_later = page_text(later.get(DATA))
    assert "李秀云" in text_later and "done" in text_later


def test_a_wrong_phone_or_an_unknown_code_gets_the_same_answer_and_no_text(world):
    code = world.opinion_a1.code
    answers = []
    for typed_code, phone in [
        (code, PHONE),  # matches
        (code, "13900139000"),  # another phone
        ("WH-2020-AAAA-AAAAA", PHONE),  # no such opinion
    ]:
        client = resident(f"10.0.1.{len(answers)}")
        step1 = post_start(client, {"code": typed_code, "phone": phone})
        step2 = client.get(CONFIRM)
        wrong = client.post(CONFIRM, {"answer": "000000"})
        answers.append(
            (step1.status_code, step1["Location"], page_text(step2), wrong.status_code,
             page_text(wrong))
        )  # fmt: skip
    assert answers[0] == answers[1] == answers[2]
    assert len(sms.outbox) == 1  # only the matching pair was texted


def test_a_code_expires_after_ten_minutes(world, settings):
    client = resident()
    post_start(client, {"code": world.opinion_a1.code, "phone": PHONE})
    code = texted_code()
    settings.PORTAL_TODAY = (clock.today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(CONFIRM, {"answer": code})
    assert response.status_code == 400
    assert "not right, or it has expired" in page_text(response)


def test_after_five_wrong_tries_even_the_right_code_is_refused(world):
    client = resident()
    post_start(client, {"code": world.opinion_a1.code, "phone": PHONE})
    code = texted_code()
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(4):
        assert client.post(CONFIRM, {"answer": wrong}).status_code == 400
    fifth = client.post(CONFIRM, {"answer": wrong})
    assert fifth.status_code == 302 and fifth["Location"] == START
    # A fresh browser cannot go on trying the same texted code either.
    other = resident("10.0.0.2")
    post_start(other, {"code": "WH-2020-AAAA-AAAAA", "phone": PHONE})
    session = other.session
    session["privacy_code"] = world.opinion_a1.code
    session.save()
    assert other.post(CONFIRM, {"answer": code}).status_code == 400
    assert PrivacyChallenge.objects.get().attempts == 5


def test_a_code_is_used_once(world):
    client = confirmed(resident(), world)
    code = sms.outbox[-1].params[0]
    client.post(DATA, {"action": "leave"})
    session = client.session
    session["privacy_code"] = world.opinion_a1.code
    session.save()
    assert client.post(CONFIRM, {"answer": code}).status_code == 400
    assert client.get(DATA).status_code == 302


def test_texts_to_one_receipt_code_are_limited_whatever_the_address(world):
    code = world.opinion_a1.code
    for number in range(3):
        response = post_start(resident(f"10.0.2.{number}"), {"code": code, "phone": PHONE})
        assert response.status_code == 302
    refused = post_start(resident("10.0.2.9"), {"code": code, "phone": PHONE})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert len(sms.outbox) == 3


def test_lookups_from_one_address_are_limited(world):
    client = resident()
    for number in range(10):
        typed = f"WH-2020-AAAA-AAAA{number}"
        assert post_start(client, {"code": typed, "phone": PHONE}).status_code == 302
    assert post_start(client, {"code": "WH-2020-BBBB-BBBBB", "phone": PHONE}).status_code == 429


def test_photos_only_for_the_browser_that_confirmed(world):
    from django.core.files.base import ContentFile

    from oversight.opinions.models import OpinionPhoto
    from tests.factories import jpeg_bytes

    photo = OpinionPhoto(opinion=world.opinion_a1)
    photo.image.save("1.jpg", ContentFile(jpeg_bytes()), save=True)
    url = f"/privacy/photos/{photo.pk}/"
    assert resident().get(url).status_code == 404
    client = confirmed(resident("10.0.0.3"), world)
    assert url in client.get(DATA).content.decode()
    assert client.get(url).status_code == 200


def test_a_second_erasure_request_is_not_offered_while_one_waits(world):
    client = confirmed(resident(), world)
    assert client.post(DATA, {"action": "erase"}).status_code == 400  # the box not ticked
    assert client.post(DATA, {"action": "erase", "confirm": "on"}).status_code == 302
    page = client.get(DATA).content.decode()
    assert 'value="erase"' not in page
    again = client.post(DATA, {"action": "erase", "confirm": "on"})
    assert again.status_code == 400
    assert PrivacyRequest.objects.filter(kind="erase").count() == 1


def test_the_public_pages_and_the_data_notice_link_to_the_page(world):
    client = resident()
    form = client.get(f"/opinions/new/?compound={world.a1.pk}").content.decode()
    assert form.count('href="/privacy/"') == 2  # the notice above the form, and the footer
    for url in ("/opinions/track/", "/opinions/new/", "/opinions/thanks/"):
        assert 'href="/privacy/"' in client.get(url).content.decode(), url


@pytest.mark.parametrize("phone", [PHONE, "13900139000"])
def test_the_page_queues_the_same_task_whether_or_not_the_phone_matches(world, phone):
    """The text goes from a task: the page does the same work (and takes the same time) for a
    phone that matches and one that does not, and never waits on the provider."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        resident().post(START, {"code": world.opinion_a1.code, "phone": phone})
    assert sms.outbox == []  # nothing was sent while the page answered
    assert run_queued_texts() == 1
    assert len(sms.outbox) == (1 if phone == PHONE else 0)


def test_the_session_id_changes_once_the_phone_is_confirmed(world):
    client = resident()
    post_start(client, {"code": world.opinion_a1.code, "phone": PHONE})
    before = client.cookies["sessionid"].value
    client.post(CONFIRM, {"answer": texted_code()})
    assert client.cookies["sessionid"].value != before


def test_with_the_broker_down_the_page_answers_the_same(world):
    from kombu import pools

    def forget():
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.broker_url
    forget()
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # a closed port: a real refused connection
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = resident().post(START, {"code": world.opinion_a1.code, "phone": PHONE})
    finally:
        app.conf.broker_url = old
        forget()
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert sms.outbox == []
