"""Shared fixtures: a small world of two streets with one user per role.

Street 甲 has communities 甲一 and 甲二; street 乙 has 乙一. Compound ``a1`` (started, with two
buildings) lies in 甲一, ``a2`` in 甲二, ``b1`` in 乙一.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import translation

from common import clock
from compounds.roles import Role
from oversight.models import ElevatorProject, Household, Survey, SurveyOption, SurveyQuestion
from oversight.opinions.services import opinion_record
from progress.models import DailyLogPhoto, Rectification, Report, WeeklyMeeting
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    DailyLogFactory,
    MilestoneFactory,
    RenovationPlanFactory,
    StreetFactory,
    UserFactory,
    WorkItemFactory,
    assign,
    jpeg_bytes,
)
from tests.utils import on_the_demo_day, seed_demo, shared_by_the_module


@dataclass
class World:
    street_a: object
    street_b: object
    community_a1: object
    community_a2: object
    community_b1: object
    plan_a: object
    plan_b: object
    a1: object
    a2: object
    b1: object
    building_a1: object
    work_item_a1: object
    milestone_a1: object
    log_a1: object
    meeting_a: object
    problem_a1: object
    report_a: object
    users: dict
    opinion_a1: object = None
    household_a1: object = None
    elevator_a1: object = None
    survey_a1: object = None


ROLE_USERS = (
    "no_role",
    "street_staff",
    "community_staff",
    "other_community_staff",
    "supervisor",
    "inspector",
    "admin",
)


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    """Create the small world (see the module's docstring) and return it."""
    street_a = StreetFactory(name="甲街道")
    street_b = StreetFactory(name="乙街道")
    community_a1 = CommunityFactory(street=street_a, name="甲一社区")
    community_a2 = CommunityFactory(street=street_a, name="甲二社区")
    community_b1 = CommunityFactory(street=street_b, name="乙一社区")
    plan_a = RenovationPlanFactory(street=street_a)
    plan_b = RenovationPlanFactory(street=street_b)
    a1 = CompoundFactory(community=community_a1, plan=plan_a, name="甲一1号院", started=True)
    a2 = CompoundFactory(community=community_a2, plan=plan_a, name="甲二2号院")
    b1 = CompoundFactory(community=community_b1, plan=plan_b, name="乙一3号院")
    building_a1 = BuildingFactory(compound=a1, number="1号楼", households=40)
    BuildingFactory(compound=a1, number="2号楼", households=30)
    BuildingFactory(compound=a2, number="1号楼", households=20)
    BuildingFactory(compound=b1, number="1号楼", households=10)
    work_item_a1 = WorkItemFactory(compound=a1)
    milestone_a1 = MilestoneFactory(compound=a1, order=1)
    log_a1 = DailyLogFactory(compound=a1)
    photo = DailyLogPhoto(log=log_a1)
    photo.image.save("1.jpg", ContentFile(jpeg_bytes()), save=True)
    meeting_a = WeeklyMeeting.objects.create(
        street=street_a, date=clock.today(), title="甲街道第1次周例会"
    )
    problem_a1 = Rectification.objects.create(
        compound=a1,
        meeting=meeting_a,
        description="楼道堆放杂物",
        owner="王建军",
        deadline=clock.today() + datetime.timedelta(days=7),
    )

    report_a = Report.objects.create(
        street=street_a,
        kind="weekly",
        period_start=datetime.date(2020, 6, 1),
        period_end=datetime.date(2020, 6, 7),
        status="ready",
    )
    report_a.file.save("weekly.xlsx", ContentFile(b"PK fake xlsx for permissions"), save=True)
    users = {
        "no_role": UserFactory(username="no_role"),
        "street_staff": UserFactory(username="street_staff", role=Role.STREET_STAFF),
        "community_staff": UserFactory(username="community_staff", role=Role.COMMUNITY_STAFF),
        "other_community_staff": UserFactory(
            username="other_community_staff", role=Role.COMMUNITY_STAFF
        ),
        "supervisor": UserFactory(username="supervisor", role=Role.RESIDENT_SUPERVISOR),
        "inspector": UserFactory(username="inspector", role=Role.DISTRICT_INSPECTOR),
        "admin": UserFactory(username="admin", role=Role.ADMINISTRATOR),
    }
    assign(users["street_staff"], street=street_a)
    assign(users["community_staff"], community=community_a1)
    assign(users["other_community_staff"], community=community_a2)
    assign(users["supervisor"], compound=a1)
    opinion_a1 = opinion_record(
        user=None,
        compound=a1,
        channel="home_visit",
        topics=["heating", "parking"],
        text="希望改造暖气，冬天太冷。",
        name="李秀英",
        phone="+8613800138000",
        building=building_a1,
        unit="2",
    )
    household_a1 = Household.objects.create(
        building=building_a1, unit="1", door="101", floor=1, floor_area="80.00",
        owner_name="赵大妈", code="H-TEST-0001",
    )  # fmt: skip
    elevator_a1 = ElevatorProject.objects.create(
        building=building_a1, consulting_since=datetime.date(2020, 5, 1)
    )
    survey_a1 = Survey.objects.create(
        compound=a1, title="停车方案", closes_on=clock.today() + datetime.timedelta(days=30)
    )
    question = SurveyQuestion.objects.create(survey=survey_a1, order=1, text="车位怎么划？")
    SurveyOption.objects.create(question=question, order=1, text="划线停车")
    SurveyOption.objects.create(question=question, order=2, text="立体车库")
    # The dashboard's summary rows follow each write once its transaction commits; a test's
    # transaction never commits, so the world's rows are built here, as `refresh_figures` does.
    from renovation.cells import refresh_cells

    refresh_cells()
    return World(
        opinion_a1=opinion_a1,
        household_a1=household_a1,
        elevator_a1=elevator_a1,
        survey_a1=survey_a1,
        street_a=street_a,
        street_b=street_b,
        community_a1=community_a1,
        community_a2=community_a2,
        community_b1=community_b1,
        plan_a=plan_a,
        plan_b=plan_b,
        a1=a1,
        a2=a2,
        b1=b1,
        building_a1=building_a1,
        work_item_a1=work_item_a1,
        milestone_a1=milestone_a1,
        log_a1=log_a1,
        meeting_a=meeting_a,
        problem_a1=problem_a1,
        report_a=report_a,
        users=users,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (no rate-limit counts carried over) and no
    registration window open (oversight.opinions.services.registration_window: per process)."""
    from django.core.cache import cache

    from common.cache import local_counters
    from oversight.opinions.services import registration_window

    cache.clear()
    local_counters.counts.clear()
    registration_window.reset()
    yield


@pytest.fixture
def en(client):
    """The test client, reading the pages in English."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def english():
    """Messages read in English, the language the code writes them in (the tests quote them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def api(en, world):
    """Street staff on the API, reading its sentences in English."""
    en.force_login(world.users["street_staff"])
    return en


@pytest.fixture
def superuser_client(client, world):
    """The test client, logged in as a superuser (the admin site's pages)."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def login(client):
    """Return a function that logs the test client in as a user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo (文化路街道), seeded once for the module that asks for it: seeding takes
    seconds. Tests read it inside their own savepoints (see shared_by_the_module), on the
    demo's day, as a newcomer's `make run` shows it."""
    with shared_by_the_module(django_db_blocker), on_the_demo_day():
        seed_demo()
        yield
