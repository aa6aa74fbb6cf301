"""A resident's submission is stored at once, with its code, as an OpinionIntake, and
registered as an Opinion by a task queued when the request commits (or by the beat sweep):
once, with its topics, history and receipt time; trackable by its code from the first moment."""

import datetime

import pytest
from django.test import Client

from common import clock
from oversight.opinions import intake, services, tasks
from oversight.opinions.models import Opinion, OpinionIntake

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/opinions/"


def body(world, **changes):
    data = {
        "compound": world.a1.pk,
        "building": world.building_a1.pk,
        "topics": ["heating", "elevator"],
        "text": "希望加装电梯。",
        "name": "赵奶奶",
        "phone": "13800138000",
        "consent": True,
    }
    return {**data, **changes}


def post(client, data):
    return Client().post(URL, data, content_type="application/json")


def test_a_submission_is_answered_with_its_code_before_it_is_registered(world):
    response = post(Client(), body(world))
    assert response.status_code == 201
    code = response.json()["code"]
    intake = OpinionIntake.objects.get(code=code)
    assert intake.registered_at is None and intake.opinion is None
    assert intake.payload["phone"] == "+8613800138000"
    assert not Opinion.objects.filter(code=code).exists()
    # Trackable at once: received, with its compound and topics.
    tracked = Client().get(f"{URL}{code}/")
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "received"
    assert tracked.json()["compound"] == world.a1.name
    assert len(tracked.json()["topics"]) == 2
    page = Client().get("/opinions/track/", {"code": code})
    assert page.status_code == 200


@pytest.fixture
def queued(monkeypatch):
    """The registration tasks queued, with their arguments and countdown, from a closed
    window."""
    calls = []
    monkeypatch.setattr(
        tasks.register_opinions,
        "apply_async",
        lambda kwargs=None, countdown=None, **kw: calls.append((kwargs, countdown)),
    )
    services.registration_window.reset()
    yield calls
    services.registration_window.reset()


def test_the_request_queues_its_registration_when_it_commits(
    world, django_capture_on_commit_callbacks, queued
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        intake = services.opinion_submit(
            compound_id=world.a1.pk, text="楼道灯坏了", topics=["other"], consent=True
        )
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    # To start once the window has closed, so that it sees the window's other submissions.
    assert queued == [({"intake_id": intake.pk}, services.registration_window.countdown)]
    assert services.registration_window.countdown > services.registration_window.seconds


def test_a_burst_queues_one_task_which_registers_them_all(
    world, django_capture_on_commit_callbacks, queued
):
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            services.opinion_submit(
                compound_id=world.a1.pk, text=f"第{n}条", topics=["other"], consent=True
            ).code
            for n in range(3)
        ]
    assert len(queued) == 1  # the first queued a task; the others fell in its window
    kwargs, _countdown = queued[0]
    assert tasks.register_opinions(**kwargs) == 3
    assert set(Opinion.objects.filter(code__in=codes).values_list("code", flat=True)) == set(codes)
    # Once the window has closed, the next submission queues a task again.
    services.registration_window.closes = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_submit(compound_id=world.a1.pk, text="又一条", topics=["other"],
                                consent=True)  # fmt: skip
    assert len(queued) == 2


def test_the_window_opens_once_per_period(monkeypatch):
    window = services.RegistrationWindow(seconds=1.0)
    now = [100.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: now[0])
    assert window.claim() is True
    now[0] = 100.9
    assert window.claim() is False
    now[0] = 101.0
    assert window.claim() is True


def test_a_broker_down_closes_the_window_for_a_while(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    services.registration_window.reset()

    def down(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.register_opinions, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.opinion_submit(
            compound_id=world.a1.pk, text="停电了", topics=["other"], consent=True
        )
    assert OpinionIntake.objects.filter(pk=intake.pk, registered_at__isnull=True).exists()
    # The next submissions do not wait on the broker's retries: the sweep registers them.
    assert services.registration_window.claim() is False
    assert services.registration_window.closes - services.time.monotonic() > 5
    services.registration_window.reset()
    assert tasks.register_pending_opinions() == 1  # the sweep registers it


def test_eager_celery_registers_every_submission_at_once(
    world, django_capture_on_commit_callbacks, settings
):
    from renovation.celery_app import app

    services.registration_window.reset()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = services.opinion_submit(
                compound_id=world.a1.pk, text="一", topics=["other"], consent=True
            )
        with django_capture_on_commit_callbacks(execute=True):
            second = services.opinion_submit(
                compound_id=world.a1.pk, text="二", topics=["other"], consent=True
            )
    finally:
        app.conf.task_always_eager = saved
        services.registration_window.reset()
    assert Opinion.objects.filter(code__in=[first.code, second.code]).count() == 2


def test_registration_happens_once_with_topics_history_and_the_receipt_time(world):
    submission = services.opinion_submit(
        compound_id=world.a1.pk, building_id=world.building_a1.pk, text="暖气不热",
        topics=["heating", "heating", "greening"], consent=True, name="王大爷",
        phone="13800138000",
    )  # fmt: skip
    assert len(intake.register_intakes(first_id=submission.pk)) == 1
    assert intake.register_intakes(first_id=submission.pk) == []
    assert tasks.register_pending_opinions() == 0
    opinion = Opinion.objects.get(code=submission.code)
    assert opinion.received_at == submission.received_at
    assert (opinion.name, opinion.phone.as_e164, opinion.building) == (
        "王大爷", "+8613800138000", world.building_a1,
    )  # fmt: skip
    assert sorted(opinion.topic_rows.values_list("topic", flat=True)) == ["greening", "heating"]
    created = opinion.history.get(history_type="+")
    assert created.history_date == submission.received_at
    assert created.history_user is None
    submission.refresh_from_db()
    assert submission.opinion == opinion and submission.payload == {}  # no second copy of the name


def test_one_that_cannot_be_registered_keeps_its_payload_and_says_why(world):
    broken = OpinionIntake.objects.create(
        code="WH-2026-TEST-00000", compound=world.a1, payload={"text": "", "topics": ["other"]}
    )
    good = services.opinion_submit(
        compound_id=world.a1.pk, text="好", topics=["other"], consent=True
    )
    assert len(intake.register_intakes()) == 1
    broken.refresh_from_db()
    assert broken.registered_at is None and broken.error
    assert broken.payload["topics"] == ["other"]
    assert Opinion.objects.filter(code=good.code).exists()
    assert intake.register_intakes() == []  # not tried again and again


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"compound": 999999}, "compound"), ({"building": 999999}, "building")],
)
def test_an_unknown_compound_or_building_is_refused_and_nothing_stored(world, changes, field):
    response = post(Client(), body(world, **changes))
    assert response.status_code == 400
    assert field in response.json()
    assert not OpinionIntake.objects.exists()


def test_a_stuck_submission_loses_its_name_and_phone_after_the_retention_period(world, settings):
    settings.OPINION_SUBMISSION_RETENTION_DAYS = 30
    old = OpinionIntake.objects.create(
        code="WH-2026-TEST-00001", compound=world.a1,
        received_at=clock.now() - datetime.timedelta(days=31), error="invalid",
        payload={"text": "", "topics": ["other"], "name": "王五", "phone": "+8613900139000"},
    )  # fmt: skip
    recent = OpinionIntake.objects.create(
        code="WH-2026-TEST-00002", compound=world.a1, error="invalid",
        payload={"text": "", "topics": ["other"], "name": "赵六", "phone": "+8613900139001"},
    )  # fmt: skip
    tasks.anonymise_closed_opinions()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.payload["name"], old.payload["phone"], old.payload["topics"]) == ("", "", ["other"])
    assert recent.payload["name"] == "赵六"
