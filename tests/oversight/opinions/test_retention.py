"""How long the personal data sent with opinions is kept: an opinion's name, phone and photos
go OPINION_RETENTION_DAYS after it was closed, or after its last change when it never was, in
the opinion, its history and its files; a submission that could not be registered loses them
after OPINION_SUBMISSION_RETENTION_DAYS."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from common import clock
from common.retention import ErasureReason, erase_expired_personal_data, personal_data_erase
from oversight.opinions import rules, services, tasks
from oversight.opinions.choices import OpinionStatus
from oversight.opinions.models import Opinion, OpinionIntake, OpinionPhoto
from oversight.opinions.retention import OPINIONS, SUBMISSIONS
from tests.factories import jpeg_bytes
from tests.utils import page_text

DAY = datetime.timedelta(days=1)


def _opinion(world, **fields):
    return services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="暖气不热。",
        name=fields.pop("name", "张伟"), phone=fields.pop("phone", "+8613900001111"), **fields,
    )  # fmt: skip


def _untouched_since(opinion, moment, **fields):
    Opinion.objects.filter(pk=opinion.pk).update(updated=moment, **fields)


def _erased(opinion) -> bool:
    opinion.refresh_from_db()
    personal = (opinion.name, str(opinion.phone))
    in_history = opinion.history.exclude(name="", phone="").exists()
    return personal == ("", "") and not in_history and opinion.anonymised_at is not None


# --- The rule, without a database -----------------------------------------------------------


def test_the_period_starts_at_the_closing_or_else_at_the_last_change():
    closed, changed = datetime.datetime(2024, 1, 1), datetime.datetime(2024, 6, 1)
    start = rules.retention_start
    assert start(status=OpinionStatus.CLOSED, closed_at=closed, updated=changed) == closed
    assert start(status=OpinionStatus.RECEIVED, closed_at=None, updated=changed) == changed
    assert start(status=OpinionStatus.NOT_FEASIBLE, closed_at=None, updated=changed) == changed
    # reopened after closing: its last change counts
    assert start(status=OpinionStatus.IN_REVIEW, closed_at=closed, updated=changed) == changed


# --- Opinions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_open_opinion_untouched_for_the_period_loses_its_name_and_phone(world, settings):
    """The weakness of the former purge: an opinion never closed kept its name and phone for
    ever. Through the nightly task's former name, which the old code also had."""
    settings.OPINION_RETENTION_DAYS = 365
    opinion = _opinion(world)
    _untouched_since(opinion, clock.now() - 366 * DAY)

    assert tasks.anonymise_closed_opinions() == 1
    assert _erased(opinion)
    assert opinion.status == OpinionStatus.RECEIVED  # the opinion itself stays


@pytest.mark.django_db
def test_each_opinion_is_erased_at_its_time_and_not_before(world, settings):
    settings.OPINION_RETENTION_DAYS = 365
    now = clock.now()
    open_old, open_recent = _opinion(world), _opinion(world)
    closed_old, closed_recent = _opinion(world), _opinion(world)
    _untouched_since(open_old, now - 365 * DAY - datetime.timedelta(seconds=1))
    _untouched_since(open_recent, now - 365 * DAY)  # exactly the period: not yet
    closed = {"status": OpinionStatus.CLOSED}
    _untouched_since(closed_old, now, closed_at=now - 366 * DAY, **closed)  # changed since
    _untouched_since(closed_recent, now - 400 * DAY, closed_at=now - 300 * DAY, **closed)

    assert erase_expired_personal_data(now=now)[OPINIONS] == 2
    assert _erased(open_old) and _erased(closed_old)
    for kept in (open_recent, closed_recent):
        kept.refresh_from_db()
        assert (kept.name, kept.anonymised_at) == ("张伟", None)
        assert kept.history.filter(name="张伟").exists()
    assert erase_expired_personal_data(now=now)[OPINIONS] == 0  # done once


@pytest.mark.django_db
def test_the_photos_go_with_the_name_files_rows_and_history(
    world, settings, django_capture_on_commit_callbacks
):
    opinion = _opinion(world, photos=[ContentFile(jpeg_bytes())])
    path = opinion.photos.get().image.name
    assert default_storage.exists(path)
    _untouched_since(opinion, clock.now() - (settings.OPINION_RETENTION_DAYS + 1) * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        erase_expired_personal_data()
    assert not default_storage.exists(path)
    assert not OpinionPhoto.objects.filter(opinion=opinion).exists()
    assert not OpinionPhoto.history.filter(opinion_id=opinion.pk).exclude(image="").exists()


@pytest.mark.django_db
def test_the_erasure_is_in_the_history_with_its_reason_and_who(world):
    staff = world.users["street_staff"]
    opinion = _opinion(world)
    assert personal_data_erase(
        kind=OPINIONS, ids=[opinion.pk], reason=ErasureReason.AT_REQUEST, user=staff
    ) == 1  # fmt: skip
    latest = opinion.history.latest()
    assert latest.history_change_reason == "personal data erased at the resident's request"
    assert latest.history_user == staff
    assert latest.anonymised_reason == ErasureReason.AT_REQUEST
    assert _erased(opinion)
    assert personal_data_erase(kind=OPINIONS, ids=[opinion.pk], reason="at_request") == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "line"),
    [
        (ErasureReason.EXPIRED, "personal data erased after the retention period"),
        (ErasureReason.AT_REQUEST, "personal data erased at the resident's request"),
    ],
)
def test_staff_read_why_the_name_and_phone_are_gone(en, world, reason, line):
    opinion = _opinion(world)
    personal_data_erase(kind=OPINIONS, ids=[opinion.pk], reason=reason)
    en.force_login(world.users["street_staff"])
    response = en.get(reverse("oversight:opinion_detail", kwargs={"pk": opinion.pk}))
    assert f"({line})" in page_text(response)
    assert "张伟" not in page_text(response)


# --- Submissions that could not be registered -------------------------------------------------


@pytest.mark.django_db
def test_a_stuck_submission_loses_its_name_phone_and_photos_after_its_period(
    world, settings, django_capture_on_commit_callbacks
):
    settings.OPINION_SUBMISSION_RETENTION_DAYS = 30
    staged = default_storage.save("opinions/incoming-test.jpg", ContentFile(jpeg_bytes()))
    payload = {"text": "", "topics": ["other"], "name": "王五", "phone": "+8613900139000"}
    old = OpinionIntake.objects.create(
        code="WH-2026-TEST-00001", compound=world.a1, received_at=clock.now() - 31 * DAY,
        error="invalid", payload={**payload, "photos": [staged]},
    )  # fmt: skip
    recent = OpinionIntake.objects.create(
        code="WH-2026-TEST-00002", compound=world.a1, received_at=clock.now() - 29 * DAY,
        payload=payload,
    )  # fmt: skip

    assert erase_expired_personal_data(dry_run=True)[SUBMISSIONS] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert erase_expired_personal_data()[SUBMISSIONS] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.payload["name"], old.payload["phone"], old.payload["photos"]) == ("", "", [])
    assert old.payload["topics"] == ["other"]
    assert not default_storage.exists(staged)
    assert recent.payload["name"] == "王五"


# --- The notice on the public form --------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_notice_says_every_kind_and_its_period(en, world, settings):
    settings.OPINION_RETENTION_DAYS = 400
    settings.REGISTER_IMPORT_RETENTION_DAYS = 91
    response = en.get("/opinions/new/", {"compound": world.a1.pk})
    text = page_text(response)
    assert (
        "Your name, phone and photos sent with an opinion: erased 400 days after the opinion "
        "is closed; for an opinion not closed, 400 days after its last change."
    ) in text
    assert "Owners' names in the household register: erased 730 days after the" in text
    assert "supervision group members: erased 730 days after" in text
    assert "person in charge and contact person: erased 730 days after" in text
    assert "deleted 91 days after the upload" in text
    assert "could not be registered: its name, phone and photos are erased" in text
