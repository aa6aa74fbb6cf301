"""Reports computed from the records, built into XLSX by Celery; reminders and notices."""

import datetime
import io
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from common import clock
from progress import notices, rules, selectors, services, tasks
from progress.models import DailyLogEntry, Notice, Report
from renovation.celery_app import app
from tests.factories import DailyLogFactory, MilestoneFactory, WorkItemFactory

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "day", "period"),
    [
        ("weekly", D(2020, 6, 3), (D(2020, 6, 1), D(2020, 6, 7))),
        ("weekly", D(2020, 6, 7), (D(2020, 6, 1), D(2020, 6, 7))),
        ("monthly", D(2020, 2, 14), (D(2020, 2, 1), D(2020, 2, 29))),
        ("monthly", D(2020, 12, 31), (D(2020, 12, 1), D(2020, 12, 31))),
    ],
)
def test_report_periods(kind, day, period):
    assert rules.report_period(kind, day) == period


def test_the_beat_reports_on_the_last_complete_period():
    assert rules.previous_period("weekly", D(2020, 6, 8)) == (D(2020, 6, 1), D(2020, 6, 7))
    assert rules.previous_period("monthly", D(2020, 7, 1)) == (D(2020, 6, 1), D(2020, 6, 30))


def test_beat_schedule_runs_in_shanghai_time():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert app.conf.timezone == "Asia/Shanghai"
    assert schedule["remind-missing-logs"]["schedule"].hour == {18}
    assert schedule["remind-overdue-rectifications"]["schedule"].hour == {8}
    assert schedule["weekly-report"]["schedule"].day_of_week == {1}
    assert schedule["monthly-report"]["schedule"].day_of_month == {1}
    app.loader.import_default_modules()  # as the worker and the beat do when they start
    registered = set(app.tasks)
    assert {entry["task"] for entry in schedule.values()} <= registered


@pytest.fixture
def june(world):
    """Street 甲 in June 2020: 40 of a1's 100 places demolished, 10 before the 8th."""
    item = world.work_item_a1
    for day, quantity in ((D(2020, 6, 3), 10), (D(2020, 6, 9), 20), (D(2020, 6, 10), 10)):
        log = DailyLogFactory(compound=world.a1, date=day)
        DailyLogEntry.objects.create(log=log, work_item=item, quantity=quantity, area=quantity * 5)
    return world


@pytest.mark.django_db
def test_report_figures_come_from_the_records(june):
    figures = selectors.report_figures(
        street=june.street_a, start=D(2020, 6, 8), end=D(2020, 6, 14)
    )
    plan = figures["plans"][0]
    assert (plan["compounds"], plan["started"], plan["start_rate"]) == (2, 1, 50)
    (row,) = figures["progress"]
    assert (row["start"], row["end"]) == (Decimal("0.1"), Decimal("0.4"))
    (demolition,) = figures["categories"]
    assert (demolition["period"], demolition["total"]) == (Decimal(30), Decimal(40))
    assert (demolition["area_period"], demolition["area_total"]) == (Decimal(150), Decimal(200))


@pytest.mark.django_db
def test_a_built_report_is_a_chinese_spreadsheet_with_those_figures(june):
    report = Report.objects.create(
        street=june.street_a, kind="weekly", period_start=D(2020, 6, 8), period_end=D(2020, 6, 14)
    )
    tasks.build_report(report_id=report.pk)  # the task function itself, as a worker runs it
    report.refresh_from_db()
    assert report.status == "ready"
    workbook = load_workbook(io.BytesIO(report.file.read()))
    assert workbook.sheetnames[0] == "概况"
    summary = workbook["概况"]
    assert [c.value for c in summary[2]][1:4] == [2, 1, 0]
    work = workbook.worksheets[2]
    assert [c.value for c in work[2]][:4] == ["拆除违建", "处", 30, 40]
    tasks.build_report(report_id=report.pk)  # twice is harmless
    assert Report.objects.filter(street=june.street_a).count() == 2  # this one and the world's


@pytest.mark.django_db
def test_download_of_a_report_not_built_is_a_404(login, world):
    report = Report.objects.create(
        street=world.street_a, kind="monthly", period_start=D(2020, 5, 1), period_end=D(2020, 5, 31)
    )
    response = login(world.users["street_staff"]).get(
        reverse("progress:report_download", args=[report.pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_missing_log_reminders_go_once_to_the_compounds_staff(world):
    world.log_a1.delete()
    today = clock.today()
    assert notices.remind_missing_logs(day=today) == 1
    assert notices.remind_missing_logs(day=today) == 0  # run twice, sent once
    notice = Notice.objects.get()
    assert notice.user == world.users["community_staff"]
    assert "甲一1号院" in notice.message


@pytest.mark.django_db
def test_overdue_milestones_are_notified(world):
    MilestoneFactory(compound=world.a1, order=2, duration=5)
    sent = notices.notify_overdue_milestones(today=D(2021, 3, 1))
    assert sent >= 2
    users = set(Notice.objects.values_list("user__username", flat=True))
    assert users == {"community_staff", "street_staff"}


@pytest.mark.django_db
def test_overdue_problems_are_reminded_once_a_day_to_those_who_fix_them(world):
    """problem_a1 (甲一1号院) past its deadline: the community and street staff who may work
    on it hear of it once a day; the other community's staff and the readers do not."""
    from progress.models import Rectification

    Rectification.objects.filter(pk=world.problem_a1.pk).update(deadline=D(2020, 6, 1))
    assert notices.remind_overdue_rectifications(today=D(2020, 6, 2)) == 2
    assert notices.remind_overdue_rectifications(today=D(2020, 6, 2)) == 0
    assert notices.remind_overdue_rectifications(today=D(2020, 6, 3)) == 2
    users = set(Notice.objects.values_list("user__username", flat=True))
    assert users == {"community_staff", "street_staff"}
    Rectification.objects.filter(pk=world.problem_a1.pk).update(status="closed")
    assert notices.remind_overdue_rectifications(today=D(2020, 6, 4)) == 0


@pytest.mark.django_db
def test_notices_page_shows_and_marks_read(login, world):
    notices.notify(user=world.users["street_staff"], key="k", message="测试通知")
    client = login(world.users["street_staff"])
    assert client.get(reverse("home")).context["unread_notices"]() == 1
    assert "测试通知" in client.get(reverse("progress:notice_list")).content.decode()
    assert not Notice.objects.filter(read_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_is_built_by_a_real_celery_worker(world):
    """Request a report; a Celery worker (on Redis in CI) picks the task up after commit."""
    from celery.contrib.testing.worker import start_worker

    WorkItemFactory(compound=world.a2, category="heating", planned_quantity=20)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        report = services.report_request(
            street=world.street_a, kind="monthly", day=D(2020, 6, 15), user=None
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.status != "pending":
                break
            time.sleep(0.2)
    connection.close()
    assert report.status == "ready", report.error
    assert report.built_at is not None
    assert report.history.count() == 2  # requested, then built by the worker


@pytest.mark.django_db
def test_asking_for_another_streets_report_is_refused(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.report_request(
            street=world.street_b,
            kind="weekly",
            day=D(2020, 6, 3),
            user=world.users["street_staff"],
        )
    assert not Report.objects.filter(street=world.street_b).exists()


@pytest.mark.django_db
def test_printable_report_page_and_review_notes(login, june):
    report = Report.objects.create(
        street=june.street_a, kind="monthly", period_start=D(2020, 6, 1), period_end=D(2020, 6, 30)
    )
    client = login(june.users["street_staff"])
    page = client.get(reverse("progress:report_detail", args=[report.pk]))
    assert page.context["figures"]["categories"][0]["total"] == Decimal(40)
    assert "拆除违建" in page.content.decode()
    client.post(reverse("progress:report_detail", args=[report.pk]), {"review_notes": "查漏补缺"})
    report.refresh_from_db()
    assert report.review_notes == "查漏补缺"
    assert report.history.latest().history_user == june.users["street_staff"]


@pytest.mark.django_db
def test_counts_on_the_report_are_whole_numbers_lengths_keep_decimals(login, world):
    """Issue 16: "楼道粉刷 10.38 栋". A count (栋) shows rounded half up to a whole number on the
    page and in the workbook; a length (米) keeps its decimals."""
    from tests.utils import page_text

    painting = WorkItemFactory(
        compound=world.a2,
        category="stairwell_painting",
        unit="building",
        planned_quantity=Decimal("12"),
    )
    pipes = WorkItemFactory(
        compound=world.a2, category="pipelines", unit="m", planned_quantity=Decimal("500")
    )
    for day, count, length in ((D(2020, 6, 3), "4.25", "120.5"), (D(2020, 6, 9), "6.13", "80.25")):
        log = DailyLogFactory(compound=world.a2, date=day)
        DailyLogEntry.objects.create(log=log, work_item=painting, quantity=Decimal(count))
        DailyLogEntry.objects.create(log=log, work_item=pipes, quantity=Decimal(length))
    report = Report.objects.create(
        street=world.street_a, kind="monthly", period_start=D(2020, 6, 1), period_end=D(2020, 6, 30)
    )
    text = page_text(
        login(world.users["street_staff"]).get(reverse("progress:report_detail", args=[report.pk]))
    )
    assert "10.38" not in text and "10 栋" in text
    assert "200.75" in text
    tasks.build_report(report_id=report.pk)
    report.refresh_from_db()
    rows = {
        row[0].value: [c.value for c in row]
        for row in load_workbook(io.BytesIO(report.file.read())).worksheets[2].iter_rows(min_row=2)
    }
    painted = next(v for k, v in rows.items() if "粉刷" in k)
    assert painted[2:5] == [10, 10, 12]
    piped = next(v for k, v in rows.items() if v[1] != painted[1] and v[2] == 200.75)
    assert piped[3] == 200.75
