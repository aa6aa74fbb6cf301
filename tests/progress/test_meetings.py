"""Weekly meetings chase problems to resolution; unresolved ones carry over by themselves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from progress import rules, selectors, services
from progress.models import DailyLog, Rectification, WeeklyMeeting
from tests.utils import page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("open", "rectifying", True),
        ("open", "closed", True),
        ("rectifying", "submitted", True),
        ("submitted", "sent_back", True),
        ("sent_back", "rectifying", True),
        ("closed", "rectifying", True),
        ("open", "sent_back", False),
        ("closed", "submitted", False),
        ("open", "open", True),
    ],
)
def test_the_closed_loop(current, new, allowed):
    assert rules.can_move(current, new) is allowed


def test_overdue_means_unresolved_and_past_the_deadline():
    day = datetime.date(2020, 6, 1)
    assert rules.is_overdue(status="open", deadline=day, today=day + datetime.timedelta(days=1))
    assert not rules.is_overdue(status="open", deadline=day, today=day)
    assert not rules.is_overdue(status="closed", deadline=day, today=day + WEEK)


def test_unresolved_problems_carry_over_to_the_next_meeting(world):
    user = world.users["street_staff"]
    first = services.meeting_create(
        user=user, street=world.street_a, date=TODAY - 2 * WEEK, title="第一次"
    )
    kept = services.rectification_create(
        user=user, meeting=first, compound=world.a1, description="围挡破损", owner="张伟",
        deadline=TODAY - WEEK,
    )  # fmt: skip
    fixed = services.rectification_create(
        user=user, meeting=first, compound=world.a2, description="渣土未覆盖", owner="李秀梅",
        deadline=TODAY - WEEK,
    )  # fmt: skip
    services.rectification_update(
        rectification=fixed, user=user, status="closed", resolution="已覆盖"
    )
    second = services.meeting_create(user=user, street=world.street_a, date=TODAY + WEEK,
                                     title="第二次")  # fmt: skip
    problems = selectors.meeting_problems(meeting=second, user=user)
    carried = {p.description for p in problems["carried"]}
    assert "围挡破损" in carried
    assert "渣土未覆盖" not in carried  # resolved before the second meeting
    assert problems["raised"] == []
    kept.refresh_from_db()
    assert kept.is_overdue


def test_resolving_needs_a_resolution_and_dates_itself(world):
    user = world.users["community_staff"]
    problem = world.problem_a1
    with pytest.raises(ValidationError) as error:
        services.rectification_update(rectification=problem, user=user, status="closed")
    assert "resolution" in error.value.message_dict
    services.rectification_update(
        rectification=problem, user=user, status="closed", resolution="已清理"
    )
    problem.refresh_from_db()
    assert problem.closed_on == TODAY
    services.rectification_update(rectification=problem, user=user, status="rectifying",
                                  reason="复查又有堆放")  # fmt: skip
    problem.refresh_from_db()
    assert problem.closed_on is None
    assert problem.history.latest().history_change_reason == "复查又有堆放"


def test_an_impossible_move_is_refused_in_chinese(login, world):
    response = login(world.users["community_staff"]).post(
        reverse("progress:rectification_update", args=[world.problem_a1.pk]),
        {"compound": world.a1.pk, "description": "x", "owner": "y",
         "deadline": "2030-01-01", "status": "sent_back"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "不能从" in " ".join(response.context["form"].errors["status"])


def test_a_problem_about_another_streets_compound_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.rectification_create(
            user=None, meeting=world.meeting_a, compound=world.b1, description="x", owner="y",
            deadline=TODAY,
        )  # fmt: skip
    assert "compound" in error.value.message_dict


def test_one_meeting_a_day_per_street(world):
    with pytest.raises(ValidationError):
        services.meeting_create(
            user=world.users["street_staff"], street=world.street_a, date=TODAY, title="重复"
        )
    assert WeeklyMeeting.objects.filter(street=world.street_a, date=TODAY).count() == 1


def test_meeting_page_lists_raised_and_carried_problems(login, world):
    text = page_text(
        login(world.users["inspector"]).get(
            reverse("progress:meeting_detail", args=[world.meeting_a.pk])
        )
    )
    assert "楼道堆放杂物" in text
    assert "本次会议提出的问题" in text


def test_overdue_filter_through_the_page_and_the_api(login, world):
    Rectification.objects.filter(pk=world.problem_a1.pk).update(deadline=TODAY - WEEK)
    client = login(world.users["street_staff"])
    page = client.get(reverse("progress:rectification_list"), {"overdue": "true"})
    assert [p.pk for p in page.context["page"]] == [world.problem_a1.pk]
    api = client.get(reverse("api:rectification-list"), {"overdue": "true"}).json()
    assert [p["id"] for p in api["results"]] == [world.problem_a1.pk]
    assert api["results"][0]["overdue"] is True


def test_api_files_a_log_with_its_entries(login, world):
    client = login(world.users["community_staff"])
    item = world.work_item_a1
    response = client.post(
        reverse("api:dailylog-list"),
        {"compound": world.a1.pk, "date": (TODAY - datetime.timedelta(days=1)).isoformat(),
         "workers": 7, "entries": [{"work_item": item.pk, "quantity": "6"}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["entries"][0]["quantity"] == "6.00"
    item.refresh_from_db()
    assert item.done_quantity == 6
    again = client.post(
        reverse("api:dailylog-list"),
        {"compound": world.a1.pk, "date": TODAY.isoformat(), "workers": 1},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "该楼院这一天已有日调度记录" in str(again.json())
    assert DailyLog.objects.filter(compound=world.a1).count() == 2
