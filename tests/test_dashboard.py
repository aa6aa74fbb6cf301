"""The dashboard: figures from records inside the user's scope, filters that never fail, a
fixed number of queries whatever the size of the register, and a cache that follows writes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common import clock
from compounds.choices import CompoundStatus
from compounds.models import Building, Compound
from oversight.models import Opinion
from progress import figures as progress_figures
from progress import services as progress_services
from progress.models import DailyLog, DailyLogEntry, Milestone, Rectification, WorkItem
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def figures_of(response):
    return response.context["figures"]


def test_community_staff_sees_only_their_community(client, world):
    client.force_login(world.users["community_staff"])
    figures = figures_of(client.get(reverse("dashboard")))
    register = figures["register"]
    assert [r["community"] for r in register["communities"]] == ["甲一社区"]
    assert register["total"]["compounds"] == 1
    assert register["total"]["households"] == 70


@pytest.mark.parametrize(
    "params",
    [
        {"plan": "999999"},  # no such plan
        {"plan": "abc"},
        {"community": "abc"},
        {"start": "2020-06-30", "end": "2020-06-01"},  # the end before the start
        {"start": "not a date"},
    ],
)
def test_bad_filters_give_a_message_and_the_unfiltered_figures(client, world, params):
    client.force_login(world.users["street_staff"])
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "部分筛选条件无效" in page_text(response)
    figures = figures_of(response)
    assert figures["plan"] == world.plan_a  # the default: the newest plan of their street
    assert figures["start"] is figures["end"] is None
    assert figures["register"]["total"]["compounds"] == 2


def test_a_plan_of_another_street_is_refused_like_an_unknown_one(client, world):
    client.force_login(world.users["community_staff"])
    response = client.get(reverse("dashboard"), {"plan": world.plan_b.pk})
    assert response.status_code == 200
    assert "plan" in response.context["form"].errors
    assert figures_of(response)["register"]["total"]["compounds"] == 1


def test_a_community_outside_the_plan_street_is_refused(client, world):
    client.force_login(world.users["inspector"])
    response = client.get(
        reverse("dashboard"), {"plan": world.plan_a.pk, "community": world.community_b1.pk}
    )
    assert "community" in response.context["form"].errors


def test_inspector_sees_every_plan_and_can_narrow_to_one(client, world):
    client.force_login(world.users["inspector"])
    everything = figures_of(client.get(reverse("dashboard")))
    assert everything["plan"] is None  # two streets' plans: all of them by default
    assert everything["register"]["total"]["compounds"] == 3
    one = figures_of(client.get(reverse("dashboard"), {"plan": world.plan_a.pk}))
    assert one["register"]["total"]["compounds"] == 2
    street = figures_of(client.get(reverse("dashboard"), {"street": world.street_b.pk}))
    assert street["register"]["total"]["compounds"] == 1


def test_the_period_counts_starts_problems_and_opinions_in_it(client, world):
    world.a1.refresh_from_db()
    started = world.a1.started_on
    client.force_login(world.users["inspector"])
    inside = figures_of(
        client.get(
            reverse("dashboard"),
            {"start": started.isoformat(), "end": started.isoformat(), "plan": world.plan_a.pk},
        )
    )
    assert inside["register"]["total"]["started_in_period"] == 1
    assert inside["register"]["starts_by_month"][0]["count"] == 1
    before = started - datetime.timedelta(days=400)
    outside = figures_of(
        client.get(
            reverse("dashboard"),
            {"start": before.isoformat(), "end": (before + datetime.timedelta(days=1)).isoformat()},
        )
    )
    assert outside["register"]["total"]["started_in_period"] == 0
    assert outside["voice"]["received"] == 0
    assert outside["progress"]["problems"]["total"] == 0
    # The start rate stays the state of the register, whatever the period.
    assert outside["register"]["total"]["started"] == inside["register"]["total"]["started"]


def test_every_figure_links_to_its_filtered_list_and_the_lists_agree(client, world):
    """Follow the links of the headline and the register figures: each list shows as many
    compounds as the figure says."""
    client.force_login(world.users["inspector"])
    response = client.get(reverse("dashboard"), {"plan": world.plan_a.pk})
    total = figures_of(response)["register"]["total"]
    links = response.context["links"]
    for extra, expected in (
        ({"started": "true"}, total["started"]),
        ({"started": "false"}, total["not_started"]),
        ({}, total["compounds"]),
    ):
        url = links.compounds(**extra)
        assert url.replace("&", "&amp;") in response.content.decode()
        listed = client.get(url).context["page"].paginator.count
        assert listed == expected, url


def test_the_dashboard_exports_as_a_workbook(client, world):
    client.force_login(world.users["inspector"])
    response = client.get(reverse("dashboard"), {"plan": world.plan_a.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dashboard-')
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["楼院"] == 2
    assert summary["开工率"] == 0.5
    assert len(book.worksheets) >= 5


def test_the_cached_dashboard_follows_writes(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["inspector"])
    url = reverse("dashboard")
    params = {"plan": world.plan_a.pk}
    assert figures_of(client.get(url, params))["register"]["total"]["started"] == 1
    client.get(url, params)  # the first page set the CSRF cookie, part of the page's key
    cached = client.get(url, params)
    assert cached.context is None  # served from the cache: no template rendered
    with django_capture_on_commit_callbacks(execute=True):
        world.a2.status = CompoundStatus.STARTED
        world.a2.started_on = datetime.date(2020, 8, 3)
        world.a2.save()
    assert figures_of(client.get(url, params))["register"]["total"]["started"] == 2


def test_with_the_cache_down_the_dashboard_is_built_afresh(client, world, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    client.force_login(world.users["inspector"])
    url = reverse("dashboard")
    params = {"plan": world.plan_a.pk}
    client.get(url, params)  # cached while the cache was up
    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.context is not None  # rendered, not read from the cache
    assert figures_of(response)["register"]["total"]["started"] == 1


def _city(world, size):
    """Add ``size`` compounds to plan A with a building, a work item, a milestone, a day's
    log, an opinion and a problem each, written in bulk."""
    compounds = Compound.objects.bulk_create(
        Compound(
            plan=world.plan_a,
            community=world.community_a1 if n % 2 else world.community_a2,
            name=f"批量{size}-{n}号院",
            status=CompoundStatus.STARTED if n % 3 else CompoundStatus.PLANNED,
            started_on=datetime.date(2020, 5 + n % 3, 1) if n % 3 else None,
            progress=Decimal(n % 5) / 4,
            latest_start=datetime.date(2020, 7, 1),
        )
        for n in range(size)
    )
    Building.objects.bulk_create(
        Building(compound=c, number="1号楼", floors=6, units=2, households=20, floor_area=1000)
        for c in compounds
    )
    items = WorkItem.objects.bulk_create(
        WorkItem(compound=c, category="demolition", planned_quantity=10, unit="place",
                 done_quantity=5, done_area=50)
        for c in compounds
    )  # fmt: skip
    Milestone.objects.bulk_create(
        Milestone(compound=c, order=1, name="拆违", owner="王", duration=5,
                  overdue_after=datetime.date(2020, 7, 1))
        for c in compounds
    )  # fmt: skip
    logs = DailyLog.objects.bulk_create(
        DailyLog(compound=c, date=datetime.date(2020, 6, 1)) for c in compounds
    )
    DailyLogEntry.objects.bulk_create(
        DailyLogEntry(log=log, work_item=item, quantity=5)
        for log, item in zip(logs, items, strict=True)
    )
    Opinion.objects.bulk_create(
        Opinion(compound=c, code=f"WH-T-{c.pk}", text="加装电梯", channel="home_visit")
        for c in compounds
    )
    Rectification.objects.bulk_create(
        Rectification(compound=c, source="daily_log", level="street", description="围挡破损",
                      owner="王", deadline=datetime.date(2020, 7, 1))
        for c in compounds
    )  # fmt: skip


@pytest.mark.parametrize(
    "view",
    [
        "dashboard",
        "compounds:compound_list",
        "api:compound-list",
        "progress:dailylog_list",
        "api:dailylog-list",
        "progress:rectification_list",
        "api:rectification-list",
        "oversight:opinion_list",
        "api:opinion-list",
        "oversight:fund_list",
    ],
)
def test_query_count_is_the_same_at_10_and_at_200_compounds(client, world, view, settings):
    """The figures come from a fixed number of queries: 10 more compounds or 200 more, with
    their buildings, work, logs, opinions and problems, cost the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common import permission_cache
    from renovation import dashboard_cache

    client.force_login(world.users["inspector"])
    counts = {}
    for size in (10, 190):  # 10 compounds more, then 200 more in all
        _city(world, size)
        dashboard_cache._bump()
        permission_cache._bump()  # both counts with the permissions read from the database
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(view), {"plan": world.plan_a.pk})
        assert response.status_code == 200
        counts[size] = len(queries.captured_queries)
    assert counts[10] == counts[190], counts


def test_progress_figures_are_stored_on_write(world):
    """A day's log moves the compound's stored progress and last log; the dashboard reads
    them instead of scanning the logs."""
    item = progress_services.work_item_create(
        user=world.users["street_staff"], compound=world.a2, category="greening",
        planned_quantity=Decimal(10), unit="m2",
    )  # fmt: skip
    world.a2.refresh_from_db()
    assert world.a2.progress == Decimal(0)
    progress_services.daily_log_create(
        user=world.users["street_staff"], compound=world.a2, date=datetime.date(2020, 9, 1),
        quantities={item: Decimal(4)},
    )  # fmt: skip
    world.a2.refresh_from_db()
    assert world.a2.progress == Decimal("0.4")
    assert world.a2.last_log_on == datetime.date(2020, 9, 1)
    assert world.a2.status == CompoundStatus.STARTED
    # Derived figures leave no history: the compound's history has the start, not the figures.
    assert world.a2.history.filter(status=CompoundStatus.STARTED).count() == 1


def test_a_new_deadline_plans_the_milestones_again(world):
    progress_services.milestone_create(
        user=world.users["street_staff"], compound=world.a2, order=1, name="拆违", owner="王",
        duration=5,
    )  # fmt: skip
    world.a2.refresh_from_db()
    assert world.a2.latest_start == datetime.date(2020, 12, 25)
    world.plan_a.target_completion_date = datetime.date(2021, 6, 30)
    world.plan_a.save()
    world.a2.refresh_from_db()
    assert world.a2.latest_start == datetime.date(2021, 6, 24)


def test_a_milestone_left_open_in_an_accepted_compound_is_not_overdue(
    client, world, django_capture_on_commit_callbacks
):
    """The dashboard's overdue milestones, the list the figure links to and the compound's page
    agree: a compound completed or accepted has no overdue milestone, closed or not."""
    with django_capture_on_commit_callbacks(execute=True):
        progress_figures.refresh_schedules([world.a1.pk])  # the world's milestone is planned
    client.force_login(world.users["inspector"])
    params = {"plan": world.plan_a.pk}

    def figures_and_list():
        response = client.get(reverse("dashboard"), params)
        progress = figures_of(response)["progress"]
        url = response.context["links"].compound_list + "&overdue_milestones=true"
        listed = [c.pk for c in client.get(url).context["page"].object_list]
        page = client.get(reverse("progress:compound_progress", args=[world.a1.pk]))
        on_page = [row.overdue for row in page.context["schedule"]["rows"]]
        return (
            progress["overdue_milestones"],
            progress["compounds_with_overdue_milestones"],
            (listed),
            on_page,
        )

    milestones, compounds, listed, on_page = figures_and_list()
    assert world.a1.pk in listed and True in on_page  # the plan's deadline (2020) is past
    assert compounds == len(listed)
    with django_capture_on_commit_callbacks(execute=True):
        world.a1.status = CompoundStatus.ACCEPTED
        world.a1.completed_on = world.a1.accepted_on = datetime.date(2020, 12, 30)
        world.a1.save()
    after, compounds_after, listed_after, on_page_after = figures_and_list()
    assert world.a1.pk not in listed_after and True not in on_page_after
    assert after == milestones - world.a1.milestones.count()
    assert compounds_after == len(listed_after) == compounds - 1


def _live_and_from_rows(user, **filters):
    """The dashboard's figures read from the summary rows, and the same read from the
    records, as a user who sees a single compound gets them."""
    from compounds import selectors as register
    from oversight.funds import selectors as funds
    from oversight.opinions import selectors as voice
    from progress import selectors as progress
    from renovation import dashboard as board

    figures = board.dashboard_figures(user=user, **filters)
    selection = register.Selection(
        user=user,
        plan_id=filters["plan"].pk if filters.get("plan") else None,
        community_id=filters["community"].pk if filters.get("community") else None,
    )
    today = figures["today"]
    live = {
        "register": register.register_figures(selection=selection, today=today),
        "progress": progress.progress_figures(selection=selection, today=today),
        "voice": voice.opinion_figures(selection=selection),
        "funds": funds.fund_figures(selection=selection),
    }
    return figures, live


@pytest.mark.parametrize("role", ["inspector", "street_staff", "community_staff"])
def test_the_summary_rows_add_up_to_what_the_records_say(world, role):
    from oversight.models import FundAllocation

    FundAllocation.objects.create(compound=world.a1, amount=Decimal("1000.00"))
    from renovation.cells import refresh_cells

    refresh_cells()
    user = world.users[role]
    for filters in ({}, {"plan": world.plan_a}, {"community": world.community_a1}):
        if role == "community_staff" and filters.get("plan"):
            continue
        figures, live = _live_and_from_rows(user, **filters)
        for key in ("compounds", "started", "completed", "late", "buildings", "households",
                    "floor_area", "start_rate"):  # fmt: skip
            assert figures["register"]["total"][key] == live["register"]["total"][key], key
        assert figures["register"]["progress_bands"] == live["register"]["progress_bands"]
        assert figures["register"]["starts_by_month"] == live["register"]["starts_by_month"]
        assert figures["progress"]["demolition"]["done"] == live["progress"]["demolition"]["done"]
        assert figures["voice"] == live["voice"]
        for key in ("planned", "paid", "with_budget", "payments"):
            assert figures["funds"][key] == live["funds"][key], key


def test_a_committed_write_refreshes_its_summary_row(world, django_capture_on_commit_callbacks):
    """An opinion submitted (and registered by its task), and a compound moved to another
    community: the rows of the cells they touch follow once the transaction commits."""
    from oversight.opinions.services import opinion_submit
    from oversight.opinions.tasks import register_opinions
    from renovation.models import DashboardCell

    def cell(community):
        return DashboardCell.objects.get(plan=world.plan_a, community=community)

    before = cell(world.community_a1).opinions_received
    intake = opinion_submit(
        compound_id=world.a1.pk, text="楼道灯坏了", topics=["greening"], consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_opinions(intake_id=intake.pk)
    row = cell(world.community_a1)
    assert row.opinions_received == before + 1
    assert row.topic_greening >= 1
    with django_capture_on_commit_callbacks(execute=True):
        world.a2.community = world.community_a1
        world.a2.save()
    assert cell(world.community_a1).compounds == 2
    assert not DashboardCell.objects.filter(plan=world.plan_a, community=world.community_a2)


def test_the_summary_row_has_a_column_for_every_band_topic_source_and_level():
    from compounds.rules import PROGRESS_BANDS
    from oversight.opinions.choices import TOPIC_CHOICES
    from progress.choices import RaisedBy, RectificationSource
    from renovation.models import DashboardCell, band_field, problem_fields, topic_field

    columns = {field.name for field in DashboardCell._meta.fields}
    wanted = {band_field(key) for key, *_rest in PROGRESS_BANDS}
    wanted |= {topic_field(topic) for topic, _label in TOPIC_CHOICES}
    wanted |= {name for value in RectificationSource.values
               for name in problem_fields("source", value)}  # fmt: skip
    wanted |= {name for value in RaisedBy.values for name in problem_fields("level", value)}
    assert wanted <= columns, wanted - columns


def test_rows_of_another_day_give_way_to_the_records(world):
    """What is late or overdue moves at midnight: until the night's refresh has run, rows
    computed on an earlier day are not trusted for those figures."""
    from renovation.models import DashboardCell

    progress_services.milestone_create(
        user=world.users["street_staff"], compound=world.a2, order=1, name="拆违", owner="王",
        duration=5,
    )  # fmt: skip
    user = world.users["inspector"]
    yesterday = clock.today() - datetime.timedelta(days=1)
    DashboardCell.objects.update(as_of=yesterday, late=0, milestones_overdue=0)
    figures, live = _live_and_from_rows(user)
    assert figures["register"]["total"]["late"] == live["register"]["total"]["late"] == 1
    assert figures["progress"]["overdue_milestones"] == live["progress"]["overdue_milestones"]


def test_every_column_of_a_summary_row_belongs_to_one_part():
    """A write refreshes the parts it touches; a column in no part would never be refreshed,
    one in two would be written twice."""
    from collections import Counter

    from renovation import cells
    from renovation.models import DashboardCell

    named = Counter(cells.REGISTER_FIELDS)
    for fields in cells.PART_FIELDS.values():
        named.update(fields)
    columns = {f.name for f in DashboardCell._meta.concrete_fields} - {
        "id", "plan", "community", "updated"
    }  # fmt: skip
    assert set(named) == columns
    assert max(named.values()) == 1


def test_the_parts_a_write_can_name_are_the_summary_rows_parts():
    """common.effects names the parts the apps may say they changed; renovation.cells keeps a
    set of fields per part: the two lists are one."""
    from common import effects
    from renovation import cells

    assert effects.ALL == cells.PARTS


def test_the_participation_card_covers_the_user_scope(client, world):
    """Community staff see their community's participation, street staff the street's (issue 16:
    the card showed the street's totals to everyone)."""
    from oversight.models import Participant

    rows = [
        (world.community_a1, "building_head", "甲一楼长", 7),
        (world.community_a2, "building_head", "甲二楼长", 11),
        (None, "volunteer_team", "街道志愿队", 20),
        (world.community_a1, "volunteer_team", "甲一志愿队", 5),
    ]
    for community, kind, name, people in rows:
        Participant.objects.create(
            street=world.street_a, community=community, kind=kind, name=name, people=people
        )
    Participant.objects.create(
        street=world.street_b, community=world.community_b1, kind="building_head",
        name="乙一楼长", people=3,
    )  # fmt: skip

    def card(role):
        client.force_login(world.users[role])
        return figures_of(client.get(reverse("dashboard")))["participation"]

    mine = card("community_staff")
    assert (mine["people"], mine["building_heads"], mine["volunteer_teams"]) == (12, 7, 1)
    street = card("street_staff")
    assert (street["people"], street["building_heads"], street["volunteer_teams"]) == (43, 18, 2)
