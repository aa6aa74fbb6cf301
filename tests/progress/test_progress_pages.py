"""Work items and schedules on a compound: the roll-up, 最多只改一次, planning backwards."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common import clock
from compounds.selectors import Selection
from progress import figures, selectors, services
from progress.models import Milestone, WorkItem
from tests.factories import MilestoneFactory, WorkItemFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db
D = datetime.date


def test_compound_progress_is_the_weighted_roll_up_of_its_items(world):
    WorkItemFactory(compound=world.a1, category="heating", planned_quantity=40, done_quantity=40)
    items = selectors.compound_work_items(compound=world.a1)
    # demolition 25/100 and heating 40/40, equal weights: (0.25 + 1) / 2
    assert selectors.compound_progress(items=items) == Decimal("0.625")


def test_the_same_work_twice_needs_a_written_reason(world):
    user = world.users["community_staff"]
    fields = {"compound": world.a1, "category": "demolition", "planned_quantity": 5,
              "unit": "place"}  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.work_item_create(user=user, **fields)
    assert "repeat_reason" in error.value.message_dict
    item = services.work_item_create(user=user, repeat_reason="新发现的违建", **fields)
    assert item.history.get().history_user == user


def test_the_same_category_on_another_building_is_another_scope(world):
    item = services.work_item_create(
        user=world.users["community_staff"],
        compound=world.a1,
        building=world.building_a1,
        category="demolition",
        planned_quantity=3,
        unit="place",
    )
    assert item.pk


def test_a_building_of_another_compound_is_refused(world):
    other = world.b1.buildings.first()
    with pytest.raises(ValidationError) as error:
        services.work_item_create(
            user=None, compound=world.a1, building=other, category="heating",
            planned_quantity=1, unit="household",
        )  # fmt: skip
    assert "building" in error.value.message_dict


def test_work_outside_the_users_compounds_is_refused(world):
    with pytest.raises(ValidationError):
        services.work_item_create(
            user=world.users["community_staff"], compound=world.b1, category="heating",
            planned_quantity=1, unit="household",
        )  # fmt: skip
    assert not WorkItem.objects.filter(compound=world.b1).exists()


def test_schedule_is_planned_backwards_from_the_plans_deadline(world):
    """Two steps before 2020-12-31 (a Thursday), on the 2020 holiday table."""
    world.milestone_a1.duration = 5
    world.milestone_a1.save()
    MilestoneFactory(compound=world.a1, order=2, duration=3)
    schedule = selectors.compound_schedule(compound=world.a1, today=D(2020, 6, 1))
    first, second = schedule["rows"]
    assert (second.latest_start, second.latest_finish) == (D(2020, 12, 29), D(2020, 12, 31))
    assert (first.latest_start, first.latest_finish) == (D(2020, 12, 22), D(2020, 12, 28))
    assert schedule["shortfall"] == 0
    assert not first.overdue
    assert first.slack == selectors.working_calendar().signed_count(D(2020, 6, 1), D(2020, 12, 22))


def test_a_schedule_that_cannot_fit_is_said_with_the_days_missing(login, world):
    client = login(world.users["community_staff"])
    response = client.post(
        reverse("progress:milestone_create", args=[world.a1.pk]),
        {"order": 2, "name": "管网入地", "owner": "张伟", "duration": 300},
        follow=True,
    )
    shortfall = selectors.compound_schedule(compound=world.a1)["shortfall"]
    assert shortfall > 0
    text = page_text(response)
    assert f"缺少 {shortfall} 个工作日" in text
    assert Milestone.objects.filter(name="管网入地").exists()


def test_an_overdue_milestone_is_marked(world):
    schedule = selectors.compound_schedule(compound=world.a1, today=D(2021, 3, 1))
    assert schedule["rows"][0].overdue
    assert schedule["rows"][0].slack < 0


def test_a_finished_milestone_is_not_overdue(world):
    services.milestone_update(
        milestone=world.milestone_a1,
        user=world.users["street_staff"],
        actual_start=D(2020, 5, 6),
        actual_finish=D(2020, 5, 20),
    )
    row = selectors.compound_schedule(compound=world.a1, today=D(2021, 3, 1))["rows"][0]
    assert row.state == "done"
    assert not row.overdue


def test_the_page_counts_slack_from_today_so_a_late_milestone_shows_negative(login, world):
    """A milestone under way whose planned finish is its latest finish, past today: the page
    marks it overdue, and its slack (working days from today to its latest finish) is negative,
    not the 0 between the two planned dates."""
    services.milestone_update(
        milestone=world.milestone_a1, user=world.users["street_staff"],
        actual_start=D(2020, 12, 1), planned_finish=D(2020, 12, 31),  # the plan's deadline
    )  # fmt: skip
    client = login(world.users["community_staff"])
    response = client.get(reverse("progress:compound_progress", args=[world.a1.pk]))
    row = response.context["schedule"]["rows"][0]
    assert row.overdue
    calendar = selectors.working_calendar()
    today = calendar.on_or_after(clock.today())
    assert row.slack == calendar.signed_count(today, row.latest_finish) < 0
    assert f'text-danger fw-semibold">{row.slack}</td>' in response.content.decode()


def test_milestone_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as error:
        services.milestone_update(
            milestone=world.milestone_a1, user=None, actual_finish=D(2020, 5, 1)
        )
    assert "actual_start" in error.value.message_dict


def test_the_compound_page_shows_the_progress_panel(login, world):
    text = page_text(login(world.users["supervisor"]).get(world.a1.get_absolute_url()))
    assert "进度" in text
    assert "25%" in text


def test_the_progress_page_in_chinese(login, world):
    text = page_text(
        login(world.users["inspector"]).get(
            reverse("progress:compound_progress", args=[world.a1.pk])
        )
    )
    assert "拆除违建" in text
    assert "最晚开始" in text


def test_api_work_item_reports_its_progress(login, world):
    response = login(world.users["inspector"]).get(
        reverse("api:workitem-detail", args=[world.work_item_a1.pk])
    )
    assert Decimal(response.json()["progress"]) == Decimal("0.25")


def test_api_refuses_a_duplicate_milestone_order_with_400(login, world):
    response = login(world.users["community_staff"]).post(
        reverse("api:milestone-list"),
        {"compound": world.a1.pk, "order": 1, "name": "重复", "owner": "张伟", "duration": 3},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "该楼院在此顺序上已有工程节点" in str(response.json())


def test_api_calendar_lists_the_official_2020_and_2026_days(login, world):
    client = login(world.users["community_staff"])
    window = {"date__gte": "2026-02-14", "date__lte": "2026-02-28"}
    days = client.get(reverse("api:calendarday-list"), window).json()
    kinds = {d["date"]: d["kind"] for d in days["results"]}
    assert kinds["2026-02-14"] == "workday"
    assert kinds["2026-02-15"] == kinds["2026-02-23"] == "holiday"
    assert kinds["2026-02-28"] == "workday"
    assert "2026-02-24" not in kinds


def test_a_planned_compound_past_its_latest_start_is_late(world):
    """a2 has not started; its first milestone had to start by December 2020. The latest
    start is stored when the milestone is saved, and the dashboard reads it."""
    milestone = services.milestone_create(
        user=world.users["street_staff"], compound=world.a2, order=1, name="拆违", owner="王",
        duration=5,
    )  # fmt: skip
    world.a2.refresh_from_db()
    assert world.a2.latest_start == milestone.latest_start == D(2020, 12, 25)
    assert milestone.overdue_after == D(2020, 12, 25)  # not started: due to start by then
    selection = Selection(user=world.users["street_staff"])
    late = selectors.progress_figures(selection=selection, today=D(2020, 12, 30))
    late = late["late_to_start"]
    assert [row["compound"] for row in late] == [world.a2]
    assert late[0]["latest_start"] == D(2020, 12, 25)  # five working days before the 31st
    assert late[0]["days_late"] == 3  # 28, 29 and 30 December
    on_time = selectors.progress_figures(selection=selection, today=D(2020, 12, 1))
    assert on_time["late_to_start"] == []


def test_the_dashboard_names_compounds_late_to_start(
    login, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the write commits
        MilestoneFactory(compound=world.a2, order=1, duration=5)
        figures.refresh_schedules([world.a2.pk])
    text = page_text(
        login(world.users["inspector"]).get(reverse("dashboard"), {"plan": world.plan_a.pk})
    )
    assert "甲二2号院" in text
    assert "应按进度表开工但尚未开工" in text
