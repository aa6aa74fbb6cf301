"""The admin site lists every progress record with its history, as the README says: daily logs,
weekly meetings, problems and reports among them; read only where the portal's pages keep the
rules, and a weekly meeting edited there is saved through its model, with its history."""

import pytest
from django.urls import reverse

from progress.models import WeeklyMeeting

pytestmark = pytest.mark.django_db

# model name: the world's record of it
RECORDS = {
    "dailylog": "log_a1",
    "weeklymeeting": "meeting_a",
    "rectification": "problem_a1",
    "report": "report_a",
    "workitem": "work_item_a1",
    "milestone": "milestone_a1",
}
READ_ONLY = ["dailylog", "rectification", "report"]


@pytest.mark.parametrize("model", RECORDS)
def test_each_record_has_a_list_a_page_and_a_history(superuser_client, world, model):
    record = getattr(world, RECORDS[model])
    listing = superuser_client.get(reverse(f"admin:progress_{model}_changelist"))
    assert listing.status_code == 200
    assert reverse(f"admin:progress_{model}_change", args=[record.pk]) in listing.content.decode()
    change = superuser_client.get(reverse(f"admin:progress_{model}_change", args=[record.pk]))
    assert change.status_code == 200
    history = superuser_client.get(reverse(f"admin:progress_{model}_history", args=[record.pk]))
    assert history.status_code == 200


def test_the_admin_index_lists_them(superuser_client):
    page = superuser_client.get(reverse("admin:app_list", args=["progress"])).content.decode()
    for model in RECORDS:
        assert reverse(f"admin:progress_{model}_changelist") in page


@pytest.mark.parametrize("model", READ_ONLY)
def test_records_with_rules_of_their_own_are_read_only(superuser_client, world, model):
    record = getattr(world, RECORDS[model])
    change = reverse(f"admin:progress_{model}_change", args=[record.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert superuser_client.post(change, {}).status_code == 403
    assert superuser_client.get(reverse(f"admin:progress_{model}_add")).status_code == 403


def test_a_daily_log_shows_its_entries_and_photos(superuser_client, world):
    page = superuser_client.get(reverse("admin:progress_dailylog_change", args=[world.log_a1.pk]))
    text = page.content.decode()
    assert 'id="entries-group"' in text and 'id="photos-group"' in text
    assert world.log_a1.photos.get().image.name in text


def test_a_meeting_edited_in_the_admin_is_saved_with_its_history(superuser_client, world):
    meeting = world.meeting_a
    change = reverse("admin:progress_weeklymeeting_change", args=[meeting.pk])
    form = superuser_client.get(change).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        title="甲街道第1次周例会（更正）",
        date=meeting.date.isoformat(),
        # the raised problems' inline, unchanged
        **{
            "raised-TOTAL_FORMS": "1",
            "raised-INITIAL_FORMS": "1",
            "raised-MIN_NUM_FORMS": "0",
            "raised-MAX_NUM_FORMS": "1000",
            "raised-0-id": str(world.problem_a1.pk),
            "raised-0-meeting": str(meeting.pk),
        },
    )
    response = superuser_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.title == "甲街道第1次周例会（更正）"
    assert meeting.history.count() == 2


def test_a_meeting_that_raised_problems_cannot_be_deleted(superuser_client, world):
    delete = reverse("admin:progress_weeklymeeting_delete", args=[world.meeting_a.pk])
    superuser_client.post(delete, {"post": "yes"})
    assert WeeklyMeeting.objects.filter(pk=world.meeting_a.pk).exists()
