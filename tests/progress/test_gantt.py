"""The schedule's bar chart: bars placed from their dates, the days off shaded from the working
calendar (weekends and holidays, less the make-up working days), today's line and the deadline;
and the chart on the compound's progress page."""

import datetime

import pytest
from django.urls import reverse

from progress import gantt
from progress.rules import WorkingCalendar

D = datetime.date


def step(key="a", **dates):
    fields = dict.fromkeys(
        ("planned_start", "planned_finish", "latest_start", "latest_finish", "actual_start",
         "actual_finish"),
    )  # fmt: skip
    return gantt.Step(key=key, slack=dates.pop("slack", 10), overdue=dates.pop("overdue", False),
                      **{**fields, **dates})  # fmt: skip


def test_bars_are_placed_from_their_dates():
    chart = gantt.chart(
        [step(latest_start=D(2020, 7, 20), latest_finish=D(2020, 7, 24),
              actual_start=D(2020, 7, 15))],
        today=D(2020, 7, 17), deadline=D(2020, 12, 31), calendar=WorkingCalendar(), day_width=4,
    )  # fmt: skip
    assert chart.first == D(2020, 7, 8)  # a week before the first date (the actual start)
    assert chart.last == D(2021, 1, 7)  # a week after the deadline
    row = chart.rows[0]
    assert (row.backward.x, row.backward.width) == (12 * 4, 5 * 4)  # 20 to 24 July, 5 days
    assert row.actual.start == D(2020, 7, 15) and row.actual.finish == D(2020, 7, 17)  # to today
    assert row.planned is None
    assert chart.today_x == 9 * 4 + 2
    assert chart.deadline_x == (D(2020, 12, 31) - D(2020, 7, 8)).days * 4 + 4
    assert chart.width == ((D(2021, 1, 7) - D(2020, 7, 8)).days + 1) * 4
    assert chart.height == gantt.AXIS_HEIGHT + gantt.ROW_HEIGHT


def test_days_off_are_shaded_from_the_calendar():
    # 2020: 1 October (Thursday) to 8 October off; Sunday 27 September and Saturday 10 October
    # are make-up working days (调休).
    holidays = [D(2020, 10, d) for d in range(1, 9)]
    calendar = WorkingCalendar(holidays=holidays, workdays=[D(2020, 9, 27), D(2020, 10, 10)])
    chart = gantt.chart(
        [step(latest_start=D(2020, 9, 28), latest_finish=D(2020, 10, 12))],
        today=D(2020, 9, 28), deadline=None, calendar=calendar,
    )  # fmt: skip
    runs = [(off.start, off.finish) for off in chart.days_off]
    assert (D(2020, 9, 26), D(2020, 9, 26)) in runs  # the Saturday; its Sunday is worked
    assert (D(2020, 10, 1), D(2020, 10, 8)) in runs  # the National Day holiday, in one run
    assert (D(2020, 10, 11), D(2020, 10, 11)) in runs  # the Sunday after the worked Saturday
    assert not any(s <= D(2020, 10, 10) <= f for s, f in runs)
    assert chart.deadline_x is None


def test_risk_follows_slack_and_state():
    assert gantt.risk_of(step(actual_finish=D(2020, 7, 1))) == gantt.DONE
    assert gantt.risk_of(step(latest_start=D(2020, 7, 1), overdue=True)) == gantt.OVERDUE
    assert gantt.risk_of(step(latest_start=D(2020, 7, 1), slack=-2)) == gantt.OVERDUE
    assert gantt.risk_of(step(latest_start=D(2020, 7, 1), slack=3)) == gantt.TIGHT
    assert gantt.risk_of(step(latest_start=D(2020, 7, 1), slack=30)) == gantt.ON_TRACK


def test_months_span_the_axis():
    chart = gantt.chart([], today=D(2020, 7, 17), deadline=D(2020, 9, 30),
                        calendar=WorkingCalendar())  # fmt: skip
    assert [m.start for m in chart.months][:2] == [D(2020, 7, 10), D(2020, 8, 1)]
    assert chart.months[-1].finish == D(2020, 10, 7)


@pytest.mark.django_db
def test_the_compounds_page_draws_its_chart_beside_the_table(client, world):
    client.force_login(world.users["street_staff"])
    response = client.get(reverse("progress:compound_progress", kwargs={"pk": world.a1.pk}))
    page = response.content.decode()
    assert page.count("<svg") == 1 and 'class="gantt-today"' in page
    assert world.milestone_a1.name in page.split('class="gantt-names"')[1].split("</ol>")[0]
    chart = response.context["schedule"]["chart"]
    assert len(chart.rows) == 1 and chart.rows[0].backward is not None
    assert f'width="{chart.width}"' in page  # numbers unlocalised: no thousands separator


def test_the_wall_chart_puts_the_overdue_first_then_the_least_slack():
    lines = [
        ("calm", "甲院", [step(latest_start=D(2020, 9, 1), latest_finish=D(2020, 9, 30),
                               slack=30)], False),
        ("done", "乙院", [step(latest_start=D(2020, 5, 1), latest_finish=D(2020, 5, 30),
                               actual_start=D(2020, 5, 1), actual_finish=D(2020, 5, 20))], False),
        ("late", "丙院", [step(latest_start=D(2020, 6, 1), latest_finish=D(2020, 6, 30),
                               slack=-12, overdue=True)], False),
        ("tight", "丁院", [step(latest_start=D(2020, 7, 20), latest_finish=D(2020, 8, 30),
                                slack=2)], False),
        ("none", "戊院", [], False),
        ("calmer", "己院", [step(latest_start=D(2020, 10, 1), latest_finish=D(2020, 10, 30),
                                 slack=50)], False),
        ("finished", "庚院", [step(latest_start=D(2020, 6, 1), latest_finish=D(2020, 6, 30),
                                   slack=None)], True),
    ]  # fmt: skip
    chart = gantt.programme(lines, today=D(2020, 7, 17), deadline=D(2020, 12, 31),
                            calendar=WorkingCalendar())  # fmt: skip
    assert [line.key for line in chart.lines] == [
        "late",
        "tight",
        "calm",
        "calmer",
        "none",
        "done",
        "finished",
    ]
    assert [line.risk for line in chart.lines][:2] == [gantt.OVERDUE, gantt.TIGHT]
    assert chart.lines[0].slack == -12 and chart.lines[4].segments == []
    assert [line.y for line in chart.lines] == [
        gantt.AXIS_HEIGHT + n * gantt.ROW_HEIGHT for n in range(7)
    ]


@pytest.mark.django_db
def test_the_wall_chart_page_shows_the_compounds_in_scope_and_filters(client, world):
    client.force_login(world.users["street_staff"])
    url = reverse("progress:programme_chart")
    response = client.get(url)
    names = [line.key.name for line in response.context["chart"].lines]
    assert sorted(names) == sorted([world.a1.name, world.a2.name])  # not the other street's
    assert names[0] == world.a1.name  # the only one with a milestone comes before the unplanned
    response = client.get(url, {"community": world.community_a2.pk})
    assert [line.key.name for line in response.context["chart"].lines] == [world.a2.name]
    assert client.get(url, {"plan": "999999"}).status_code == 400


def test_the_wall_charts_marks_are_escaped_and_plain_numbers():
    from types import SimpleNamespace

    from progress.templatetags.gantt import programme_marks

    milestone = SimpleNamespace(order=1, name="拆违<script>")
    compound = SimpleNamespace(name="<b>甲院</b>")
    chart = gantt.programme(
        [(compound, compound.name, [step(key=milestone, latest_start=D(2020, 7, 1),
                                          latest_finish=D(2020, 12, 20))], False)],
        today=D(2020, 7, 17), deadline=D(2020, 12, 31), calendar=WorkingCalendar(),
    )  # fmt: skip
    marks = str(programme_marks(chart))
    assert "<script>" not in marks and "<b>" not in marks
    assert "&lt;b&gt;甲院&lt;/b&gt; · 1. 拆违&lt;script&gt;: 2020-07-01 – 2020-12-20" in marks
    assert "," not in marks.split("<title>")[0]  # no thousands separator in a coordinate
