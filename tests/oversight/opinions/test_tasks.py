"""The residents' voice tasks: a new opinion notifies its compound's staff once, even when the
broker is down at the time (a beat sweep sends it later); closed opinions are anonymised."""

import datetime

import pytest
from kombu import pools

from common import clock
from oversight.opinions import services, tasks
from oversight.opinions.models import Opinion
from progress.models import Notice
from renovation.celery_app import app

pytestmark = pytest.mark.django_db


def submit(world):
    """A resident's submission, registered as its queued task would: the opinion."""
    intake = services.opinion_submit(
        compound_id=world.a1.pk, text="楼道灯坏了", topics=["other"], consent=True
    )
    assert tasks.register_opinions(intake_id=intake.pk) == 1
    return Opinion.objects.get(code=intake.code)


def _forget_broker_connections():
    """Close and forget every cached broker connection and producer pool (kombu keeps them in
    global registries keyed by the broker URL), so the next publish connects afresh."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point Celery at a closed port of this machine: a real refused connection."""
    old = app.conf.broker_url
    _forget_broker_connections()
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    app.conf.broker_url = old
    _forget_broker_connections()


def test_a_submission_is_stored_when_the_broker_is_down_and_the_sweeps_register_and_notify(
    world, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.opinion_submit(
            compound_id=world.a1.pk, text="楼道灯坏了", topics=["other"], consent=True
        )
    intake.refresh_from_db()
    assert intake.registered_at is None  # its task could not be queued: it waits, stored
    assert not Opinion.objects.filter(code=intake.code).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.register_pending_opinions() == 1  # the beat sweep
    assert tasks.register_pending_opinions() == 0  # once
    intake.refresh_from_db()
    assert (intake.payload, intake.registered_at is not None) == ({}, True)
    opinion = intake.opinion
    assert (opinion.code, opinion.received_at) == (intake.code, intake.received_at)
    assert opinion.notified_at is None  # the notice could not be queued either
    assert not Notice.objects.filter(key=f"opinion:{opinion.pk}").exists()

    Opinion.objects.filter(pk=opinion.pk).update(
        created=clock.now() - datetime.timedelta(minutes=5)
    )
    sent = tasks.notify_pending_opinions()
    staff = {n.user.username for n in Notice.objects.filter(key=f"opinion:{opinion.pk}")}
    assert staff == {"street_staff", "community_staff"}
    assert sent == 2
    assert tasks.notify_pending_opinions() == 0  # once


def test_registering_queues_the_notice_of_each_opinion_it_registered(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.notify_opinion, "delay", lambda **kwargs: queued.append(kwargs))
    intake = services.opinion_submit(
        compound_id=world.a1.pk, text="楼道灯坏了", topics=["other"], consent=True
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert tasks.register_opinions(intake_id=intake.pk) == 1
    assert queued == []  # nothing before the registration commits
    for callback in callbacks:
        callback()
    opinion = Opinion.objects.get(code=intake.code)
    assert queued == [{"opinion_id": opinion.pk}]


def test_notifying_twice_sends_once(world):
    opinion = submit(world)
    assert tasks.notify_opinion(opinion_id=opinion.pk) == 2
    assert tasks.notify_opinion(opinion_id=opinion.pk) == 0
    assert Notice.objects.filter(key=f"opinion:{opinion.pk}").count() == 2


def test_other_communities_staff_are_not_told(world):
    opinion = submit(world)
    tasks.notify_opinion(opinion_id=opinion.pk)
    assert not Notice.objects.filter(user=world.users["other_community_staff"]).exists()


def test_anonymise_task_erases_names_and_phones_of_long_closed_opinions(world, settings):
    settings.OPINION_RETENTION_DAYS = 30
    old = world.opinion_a1
    Opinion.objects.filter(pk=old.pk).update(
        status="closed", closed_at=clock.now() - datetime.timedelta(days=31)
    )
    recent = submit(world)
    Opinion.objects.filter(pk=recent.pk).update(
        name="王五", phone="+8613900139000", status="closed", closed_at=clock.now()
    )
    assert tasks.anonymise_closed_opinions() == 1
    old.refresh_from_db()
    assert (old.name, str(old.phone), old.anonymised_at is not None) == ("", "", True)
    assert not old.history.exclude(name="").exists()
    assert not old.history.exclude(phone="").exists()
    recent.refresh_from_db()
    assert recent.name == "王五"
    assert tasks.anonymise_closed_opinions() == 0
