"""The registry of kinds of personal data, the one erase, the nightly pass (its dry run) and
the command; the periods as rules, without a database."""

import datetime
import io
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command

from common import clock, retention
from common.rules import retention_cutoff, retention_cutoff_day, retention_over
from oversight.opinions.models import Opinion
from oversight.opinions.services import opinion_record

DAY = datetime.timedelta(days=1)
KINDS = {
    "opinions": "OPINION_RETENTION_DAYS",
    "opinion_submissions": "OPINION_SUBMISSION_RETENTION_DAYS",
    "households": "HOUSEHOLD_RETENTION_DAYS",
    "supervision_group": "SUPERVISION_GROUP_RETENTION_DAYS",
    "compound_contacts": "COMPOUND_CONTACT_RETENTION_DAYS",
    "register_files": "REGISTER_IMPORT_RETENTION_DAYS",
    "privacy_requests": "OPINION_RETENTION_DAYS",
}


def test_a_period_runs_out_once_more_than_its_days_have_passed():
    now = datetime.datetime(2026, 3, 1, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert retention_cutoff(now, 10) == now - 10 * DAY
    assert retention_over(now - 10 * DAY - datetime.timedelta(seconds=1), now=now, days=10)
    assert not retention_over(now - 10 * DAY, now=now, days=10)
    assert not retention_over(None, now=now, days=10)


def test_a_period_from_a_day_counts_whole_days_in_the_portal_time_zone():
    now = datetime.datetime(2026, 3, 1, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert retention_cutoff_day(now, 730) == datetime.date(2024, 3, 1)
    assert retention_over(datetime.date(2024, 2, 29), now=now, days=730)
    assert not retention_over(datetime.date(2024, 3, 1), now=now, days=730)


def test_every_kind_is_registered_with_a_setting_of_days():
    assert {kind.name: kind.setting for kind in retention.kinds()} == KINDS
    for kind in retention.kinds():
        assert kind.days == getattr(settings, kind.setting) > 0
        assert str(kind.days) in kind.notice_line()


def test_an_unknown_kind_is_refused_with_a_sentence():
    with pytest.raises(LookupError, match="No kind of personal data is named 'subscribers'"):
        retention.get("subscribers")


def test_ids_go_to_the_database_in_chunks():
    assert [len(batch) for batch in retention.chunks(range(1201))] == [500, 500, 201]


def _expired_opinion(world):
    opinion = opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="暖气不热。",
        name="张伟", phone="+8613900001111",
    )  # fmt: skip
    old = clock.now() - (settings.OPINION_RETENTION_DAYS + 1) * DAY
    Opinion.objects.filter(pk=opinion.pk).update(updated=old)
    return opinion


@pytest.mark.django_db
def test_a_dry_run_counts_and_writes_nothing(world):
    opinion = _expired_opinion(world)
    histories = opinion.history.count()
    counts = retention.erase_expired_personal_data(dry_run=True)
    assert set(counts) == set(KINDS)
    assert counts["opinions"] == 1
    opinion.refresh_from_db()
    assert (opinion.name, opinion.anonymised_at) == ("张伟", None)
    assert opinion.history.count() == histories


@pytest.mark.django_db
def test_the_command_prints_the_count_of_each_kind(world):
    _expired_opinion(world)
    out = io.StringIO()
    call_command("erase_expired_personal_data", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert "opinions: 1 due (after 365 days, OPINION_RETENTION_DAYS)" in lines
    assert "register_files: 0 due (after 90 days, REGISTER_IMPORT_RETENTION_DAYS)" in lines
    assert lines[-1] == "1 due in all (dry run: nothing written)"
    assert Opinion.objects.filter(anonymised_at__isnull=False).count() == 0

    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "opinions: 1 erased (after 365 days, OPINION_RETENTION_DAYS)" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "1 erased in all"
    assert Opinion.objects.filter(anonymised_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_the_task_erases_as_the_command_does(world):
    from common import tasks

    opinion = _expired_opinion(world)
    assert tasks.erase_expired_personal_data()["opinions"] == 1
    opinion.refresh_from_db()
    assert opinion.name == "" and opinion.anonymised_reason == "expired"


def test_the_beat_runs_the_erase_daily_at_half_past_two():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "personal" in e["task"]]
    assert [e["task"] for e in entries] == ["common.tasks.erase_expired_personal_data"]
    schedule = entries[0]["schedule"]
    assert (schedule.hour, schedule.minute) == ({2}, {30})
