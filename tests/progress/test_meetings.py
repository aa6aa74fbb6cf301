"""Weekly meetings chase problems to resolution; unresolved ones carry over by themselves."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common import clock
from progress import rules, selectors, services
from progress.models import DailyLog, Rectification, WeeklyMeeting
from tests.utils import page_text

pytestmark = pytest.mark.django_db
TODAY = clock.today()
WEEK = datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("open", "rectifying", True),
        ("open", "submitted", True),
        ("open", "closed", False),
        ("rectifying", "closed", False),
        ("sent_back", "closed", False),
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
        user=user, source="weekly_meeting", meeting=first, compound=world.a1,
        description="围挡破损", owner="张伟", deadline=TODAY - WEEK,
    )  # fmt: skip
    fixed = services.rectification_create(
        user=user, source="weekly_meeting", meeting=first, compound=world.a2,
        description="渣土未覆盖", owner="李秀梅", deadline=TODAY - WEEK,
    )  # fmt: skip
    services.rectification_update(
        rectification=fixed, user=user, status="submitted", resolution="已覆盖"
    )
    services.rectification_verify(rectification=fixed, user=user, verdict="close")
    second = services.meeting_create(user=user, street=world.street_a, date=TODAY + WEEK,
                                     title="第二次")  # fmt: skip
    problems = selectors.meeting_problems(meeting=second, user=user)
    carried = {p.description for p in problems["carried"]}
    assert "围挡破损" in carried
    assert "渣土未覆盖" not in carried  # resolved before the second meeting
    assert problems["raised"] == []
    kept.refresh_from_db()
    assert kept.is_overdue


def test_submitting_needs_what_was_done_and_only_the_raising_level_closes(world):
    """The responsible side submits the fix with what was done; the street, which raised it
    at its weekly meeting, closes it (dated) or reopens it; community staff may not."""
    community = world.users["community_staff"]
    street = world.users["street_staff"]
    problem = world.problem_a1
    with pytest.raises(ValidationError) as error:
        services.rectification_update(rectification=problem, user=community, status="submitted")
    assert "resolution" in error.value.message_dict
    services.rectification_update(
        rectification=problem, user=community, status="submitted", resolution="已清理"
    )
    with pytest.raises(ValidationError) as error:
        services.rectification_update(rectification=problem, user=community, status="closed")
    assert "（街道）" in " ".join(error.value.message_dict["status"])
    with pytest.raises(PermissionDenied):
        services.rectification_verify(rectification=problem, user=community, verdict="close")
    services.rectification_verify(rectification=problem, user=street, verdict="close")
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on, problem.verified_by) == ("closed", TODAY, street)
    services.rectification_verify(
        rectification=problem, user=street, verdict="reopen", note="复查又有堆放"
    )
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on) == ("rectifying", None)
    assert problem.verification_note == "复查又有堆放"


def test_sending_back_needs_what_is_still_wrong(world):
    street = world.users["street_staff"]
    problem = world.problem_a1
    services.rectification_update(
        rectification=problem, user=street, status="submitted", resolution="已清理"
    )
    with pytest.raises(ValidationError) as error:
        services.rectification_verify(rectification=problem, user=street, verdict="send_back")
    assert "note" in error.value.message_dict
    services.rectification_verify(
        rectification=problem, user=street, verdict="send_back", note="楼道仍有纸箱"
    )
    problem.refresh_from_db()
    assert problem.status == "sent_back"
    assert problem.history.latest().history_change_reason == "已退回"


def test_a_move_that_is_not_the_responsible_sides_is_refused_in_chinese(login, world):
    before = world.problem_a1.status
    response = login(world.users["community_staff"]).post(
        reverse("progress:rectification_update", args=[world.problem_a1.pk]),
        {"compound": world.a1.pk, "description": "x", "owner": "y",
         "deadline": "2030-01-01", "status": "closed"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["work_form"].errors["status"]
    assert "有效" in " ".join(response.context["work_form"].errors["status"])
    world.problem_a1.refresh_from_db()
    assert world.problem_a1.status == before


def test_a_problem_about_another_streets_compound_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.rectification_create(
            user=None, source="weekly_meeting", meeting=world.meeting_a, compound=world.b1,
            description="x", owner="y", deadline=TODAY,
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


# The list's "Export to Excel": the page's rows, filtered and scoped as the page is.


def _workbook_rows(response):
    import io

    import openpyxl

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_meeting_list_exports_its_rows_to_excel(login, world):
    from progress.exports import MEETINGS

    WeeklyMeeting.objects.create(street=world.street_a, date=TODAY - WEEK, title="甲街道上周例会")
    client = login(world.users["street_staff"])
    page = client.get(reverse("progress:meeting_list"))
    assert 'href="?format=xlsx"' in page.content.decode()
    response = client.get(reverse("progress:meeting_list"), {"format": "xlsx"})
    filename = f"weekly-meetings-{clock.today():%Y-%m-%d}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    header, *rows = _workbook_rows(response)
    assert header == [str(column.heading) for column in MEETINGS.columns]
    assert [row[0] for row in rows] == [meeting.pk for meeting in page.context["page"]]
    assert [row[2] for row in rows] == ["甲街道第1次周例会", "甲街道上周例会"]


def test_the_meeting_export_keeps_the_users_scope_and_the_filters(login, world):
    WeeklyMeeting.objects.create(street=world.street_b, date=TODAY, title="乙街道周例会")
    WeeklyMeeting.objects.create(street=world.street_a, date=TODAY - WEEK, title="甲街道上周例会")
    client = login(world.users["street_staff"])
    _header, *rows = _workbook_rows(
        client.get(reverse("progress:meeting_list"), {"format": "xlsx"})
    )
    assert {row[2] for row in rows} == {"甲街道第1次周例会", "甲街道上周例会"}
    before_today = (TODAY - datetime.timedelta(days=1)).isoformat()
    query = {"date__lte": before_today, "format": "xlsx"}
    _header, *rows = _workbook_rows(client.get(reverse("progress:meeting_list"), query))
    assert [row[2] for row in rows] == ["甲街道上周例会"]
    page = client.get(reverse("progress:meeting_list"), {"date__lte": before_today})
    assert [m.title for m in page.context["page"]] == ["甲街道上周例会"]
