"""Every page and endpoint, for every role: anonymous, no role, each staff role, the other
community, the resident supervisor, the inspector and the administrator.

``MATRIX`` names each URL pattern with the status each user gets for GET (and, for the writing
ones, for a valid POST/PATCH). A test fails when a URL pattern of the project has no entry, so a
new page cannot go untested.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from progress.models import CalendarDay
from tests.conftest import build_world
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_PAGE,
    API_A1,
    API_A1_WRITE,
    API_LIST,
    PUBLIC,
    STAFF_PAGE,
    USERS,
    expect,
)
from tests.oversight.consultations import matrix as matrix_consultations
from tests.oversight.disclosure import matrix as matrix_disclosure
from tests.oversight.funds import matrix as matrix_funds
from tests.oversight.inspections import matrix as matrix_inspections
from tests.oversight.opinions import matrix as matrix_opinions
from tests.oversight.organisation import matrix as matrix_organisation
from tests.oversight.supervision import matrix as matrix_supervision
from tests.utils import shared_by_the_module

pytestmark = pytest.mark.django_db


def _submitted_then_close(world):
    """Submit problem_a1's fix (as the responsible side would), then ask to close it."""
    from progress.models import Rectification

    Rectification.objects.filter(pk=world.problem_a1.pk).update(
        status="submitted", resolution="已清理"
    )
    return {"verdict": "close"}


def compound_post(world):
    return {
        "name": "新加1号院",
        "community": world.community_a2.pk,
        "plan": world.plan_a.pk,
        "status": "planned",
        "management_mode": "none",
    }


def building_post(world):
    return {"number": "9号楼", "floors": 6, "units": 2, "households": 36, "floor_area": "3100.00"}


# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    "home": (None, PUBLIC, None, None, None),
    "healthz": (None, PUBLIC, None, None, None),
    "login": (None, PUBLIC, None, None, None),
    "api-schema": (None, PUBLIC, None, None, None),
    "api-docs": (None, PUBLIC, None, None, None),
    # Logout and the language switch act on POST only; GET is refused or only redirects.
    "logout": (None, expect(302, *[405] * 7), None, None, None),
    "set_language": (None, expect(*[302] * 8), None, None, None),
    "dashboard": (None, STAFF_PAGE, None, None, None),
    "compounds:compound_list": (None, STAFF_PAGE, None, None, None),
    "compounds:compound_detail": (lambda w: {"pk": w.a1.pk}, A1_PAGE, None, None, None),
    "compounds:compound_create": (
        None,
        expect(302, 403, 200, 200, 200, 403, 403, 200),
        "post",
        compound_post,
        # community 甲二 is outside community_staff's scope: the form refuses it (200 + error).
        expect(302, 403, 302, 200, 302, 403, 403, 302),
    ),
    "compounds:compound_update": (
        lambda w: {"pk": w.a1.pk},
        A1_EDIT_PAGE,
        "post",
        lambda w: {
            **compound_post(w),
            "name": "改名1号院",
            "community": w.community_a1.pk,
            "status": "started",
            "started_on": "2020-05-01",
        },  # fmt: skip
        expect(302, 403, 302, 302, 404, 403, 403, 302),
    ),
    "compounds:building_create": (
        lambda w: {"compound_pk": w.a1.pk},
        A1_EDIT_PAGE,
        "post",
        building_post,
        expect(302, 403, 302, 302, 404, 403, 403, 302),
    ),
    "compounds:building_update": (
        lambda w: {"pk": w.building_a1.pk},
        A1_EDIT_PAGE,
        "post",
        building_post,
        expect(302, 403, 302, 302, 404, 403, 403, 302),
    ),
    "api:api-root": (None, expect(403, *[200] * 7), None, None, None),  # an index, no data
    "api:community-list": (
        None,
        API_LIST,
        "post",
        lambda w: {"street": w.street_a.pk, "name": "新社区"},
        expect(403, 403, 201, 403, 403, 403, 403, 201),
    ),
    "api:community-detail": (
        lambda w: {"pk": w.community_a1.pk},
        API_A1,
        "patch",
        lambda w: {"address": "新地址"},
        # Community staff may not change communities at all: 403 before the object is looked up.
        expect(403, 403, 200, 403, 403, 403, 403, 200),
    ),
    "api:renovationplan-list": (
        None,
        API_LIST,
        "post",
        lambda w: {
            "street": w.street_a.pk,
            "year": 2021,
            "name": "2021年计划",
            "target_completion_date": "2021-12-31",
        },  # fmt: skip
        expect(403, 403, 201, 403, 403, 403, 403, 201),
    ),
    "api:renovationplan-detail": (
        lambda w: {"pk": w.plan_a.pk},
        API_LIST,  # every user of street 甲 sees its plans
        "patch",
        lambda w: {"name": "改名计划"},
        expect(403, 403, 200, 403, 403, 403, 403, 200),
    ),
    "api:compound-list": (
        None,
        API_LIST,
        "post",
        lambda w: {**compound_post(w), "community": w.community_a1.pk},
        expect(403, 403, 201, 201, 400, 403, 403, 201),  # 甲一 is not the other community's
    ),
    "api:compound-detail": (
        lambda w: {"pk": w.a1.pk},
        API_A1,
        "patch",
        lambda w: {"address": "新地址"},
        API_A1_WRITE,
    ),
    "api:building-list": (
        None,
        API_LIST,
        "post",
        lambda w: {**building_post(w), "compound": w.a1.pk},
        expect(403, 403, 201, 201, 400, 403, 403, 201),
    ),
    "api:building-detail": (
        lambda w: {"pk": w.building_a1.pk},
        API_A1,
        "patch",
        lambda w: {"households": 41},
        API_A1_WRITE,
    ),
}


def work_item_post(world):
    return {"category": "heating", "planned_quantity": "40", "unit": "household",
            "done_quantity": "0", "weight": "1"}  # fmt: skip


def milestone_post(world):
    return {"order": 5, "name": "暖气改造", "owner": "李秀梅", "duration": 20}


MATRIX.update(
    {
        "progress:compound_progress": (lambda w: {"pk": w.a1.pk}, A1_PAGE, None, None, None),
        "progress:workitem_create": (
            lambda w: {"compound_pk": w.a1.pk},
            A1_EDIT_PAGE,
            "post",
            work_item_post,
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "progress:workitem_update": (
            lambda w: {"pk": w.work_item_a1.pk},
            A1_EDIT_PAGE,
            "post",
            lambda w: {**work_item_post(w), "category": "demolition", "unit": "place"},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "progress:milestone_create": (
            lambda w: {"compound_pk": w.a1.pk},
            A1_EDIT_PAGE,
            "post",
            milestone_post,
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "progress:milestone_update": (
            lambda w: {"pk": w.milestone_a1.pk},
            A1_EDIT_PAGE,
            "post",
            lambda w: {**milestone_post(w), "order": 1},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "api:workitem-list": (
            None,
            API_LIST,
            "post",
            lambda w: {**work_item_post(w), "compound": w.a1.pk},
            expect(403, 403, 201, 201, 400, 403, 403, 201),
        ),
        "api:workitem-detail": (
            lambda w: {"pk": w.work_item_a1.pk},
            API_A1,
            "patch",
            lambda w: {"done_quantity": "30"},
            API_A1_WRITE,
        ),
        "api:milestone-list": (
            None,
            API_LIST,
            "post",
            lambda w: {**milestone_post(w), "compound": w.a1.pk},
            expect(403, 403, 201, 201, 400, 403, 403, 201),
        ),
        "api:milestone-detail": (
            lambda w: {"pk": w.milestone_a1.pk},
            API_A1,
            "patch",
            lambda w: {"owner": "张伟"},
            API_A1_WRITE,
        ),
        "progress:dailylog_list": (
            None,
            expect(302, 403, 200, 200, 200, 200, 200, 200),
            None,
            None,
            None,
        ),  # fmt: skip
        "progress:dailylog_detail": (lambda w: {"pk": w.log_a1.pk}, A1_PAGE, None, None, None),
        "progress:dailylog_photo": (
            lambda w: {"pk": w.log_a1.photos.get().pk},
            A1_PAGE,
            None,
            None,
            None,
        ),
        # A compound with today's log filed sends GET to that log's edit page (302).
        "progress:dailylog_create": (
            lambda w: {"compound_pk": w.a1.pk},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
            "post",
            lambda w: {"date": "2020-06-01", "workers": 8, f"qty_{w.work_item_a1.pk}": "5"},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "progress:dailylog_update": (
            lambda w: {"pk": w.log_a1.pk},
            A1_EDIT_PAGE,
            "post",
            lambda w: {"workers": 9, f"qty_{w.work_item_a1.pk}": "3"},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        "progress:meeting_list": (
            None,
            expect(302, 403, 200, 200, 200, 200, 200, 200),
            None,
            None,
            None,
        ),  # fmt: skip
        # Meetings are the street's: every user of street 甲 reads them; street staff hold them.
        "progress:meeting_detail": (
            lambda w: {"pk": w.meeting_a.pk},
            expect(302, 403, *[200] * 6),
            None,
            None,
            None,
        ),
        "progress:meeting_create": (
            None,
            expect(302, 403, 200, 403, 403, 403, 403, 200),
            "post",
            lambda w: {"street": w.street_a.pk, "date": "2020-06-01", "title": "第2次周例会"},
            expect(302, 403, 302, 403, 403, 403, 403, 302),
        ),
        "progress:meeting_update": (
            lambda w: {"pk": w.meeting_a.pk},
            expect(302, 403, 200, 403, 403, 403, 403, 200),
            "post",
            lambda w: {"date": w.meeting_a.date.isoformat(), "title": "改名"},
            expect(302, 403, 302, 403, 403, 403, 403, 302),
        ),
        "progress:rectification_list": (None, expect(302, 403, *[200] * 6), None, None, None),
        # Community staff raise problems about their own compounds at their street's meeting.
        "progress:rectification_create": (
            lambda w: {"meeting_pk": w.meeting_a.pk},
            expect(302, 403, 200, 200, 200, 403, 403, 200),
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "消防通道被占",
                "owner": "张伟",
                "deadline": "2030-01-01",
                "status": "open",
            },  # fmt: skip
            expect(302, 403, 302, 302, 200, 403, 403, 302),  # a1 is not the other community's
        ),
        "progress:rectification_detail": (
            lambda w: {"pk": w.problem_a1.pk},
            A1_PAGE,
            None,
            None,
            None,
        ),  # fmt: skip
        # The page is the problem's own; the form posts here.
        "progress:rectification_update": (
            lambda w: {"pk": w.problem_a1.pk},
            expect(302, 403, 302, 302, 404, 403, 403, 302),
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "楼道堆放杂物",
                "owner": "王建军",
                "deadline": "2030-01-01",
                "status": "rectifying",
            },  # fmt: skip
            expect(302, 403, 302, 302, 404, 403, 403, 302),
        ),
        # The street raised problem_a1 at its weekly meeting: the street verifies the fix.
        "progress:rectification_verify": (
            lambda w: {"pk": w.problem_a1.pk},
            expect(302, *[405] * 7),
            "post",
            _submitted_then_close,
            expect(302, 403, 302, 403, 404, 403, 403, 302),
        ),
        "api:rectification-verify": (
            lambda w: {"pk": w.problem_a1.pk},
            expect(403, 403, *[405] * 6),
            "post",
            _submitted_then_close,
            expect(403, 403, 200, 403, 404, 403, 403, 200),
        ),
        "api:dailylog-list": (
            None,
            API_LIST,
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "date": "2020-06-02",
                "workers": 4,
                "entries": [{"work_item": w.work_item_a1.pk, "quantity": "2"}],
            },  # fmt: skip
            expect(403, 403, 201, 201, 400, 403, 403, 201),
        ),
        "api:dailylog-detail": (
            lambda w: {"pk": w.log_a1.pk},
            API_A1,
            "patch",
            lambda w: {"workers": 15},
            API_A1_WRITE,
        ),
        "api:weeklymeeting-list": (
            None,
            API_LIST,
            "post",
            lambda w: {"street": w.street_a.pk, "date": "2020-06-08", "title": "第3次周例会"},
            expect(403, 403, 201, 403, 403, 403, 403, 201),
        ),
        "api:weeklymeeting-detail": (
            lambda w: {"pk": w.meeting_a.pk},
            API_LIST,
            "patch",
            lambda w: {"minutes": "会议纪要"},
            expect(403, 403, 200, 403, 403, 403, 403, 200),
        ),
        "api:rectification-list": (
            None,
            API_LIST,
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "路面积水",
                "owner": "张伟",
                "deadline": "2030-01-01",
                "source": "supervision",
            },  # fmt: skip
            expect(403, 403, 201, 201, 400, 403, 403, 201),
        ),
        "api:rectification-detail": (
            lambda w: {"pk": w.problem_a1.pk},
            API_A1,
            "patch",
            lambda w: {"status": "rectifying"},
            API_A1_WRITE,
        ),
        # Reports are the street's; street staff ask for them, community staff read them.
        "progress:report_list": (
            None,
            expect(302, 403, 200, 200, 200, 403, 200, 200),
            "post",
            lambda w: {"street": w.street_a.pk, "kind": "weekly", "day": "2020-06-10"},
            expect(302, 403, 302, 403, 403, 403, 403, 302),
        ),
        "progress:report_detail": (
            lambda w: {"pk": w.report_a.pk},
            expect(302, 403, 200, 200, 200, 403, 200, 200),
            "post",
            lambda w: {"review_notes": "观摩会纪要"},
            expect(302, 403, 302, 403, 403, 403, 403, 302),
        ),
        "progress:report_download": (
            lambda w: {"pk": w.report_a.pk},
            expect(302, 403, 200, 200, 200, 403, 200, 200),
            None,
            None,
            None,
        ),
        # Everyone's own notices.
        "progress:notice_list": (None, expect(302, *[200] * 7), None, None, None),
        # The holiday table is the same for everyone who may read it; the admin keeps it.
        "api:calendarday-list": (None, API_LIST, None, None, None),
        "api:calendarday-detail": (
            lambda w: {"pk": CalendarDay.objects.order_by("date").first().pk},
            API_LIST,
            None,
            None,
            None,
        ),
    }
)

# Patterns that are not the project's own pages, with the reason they are left out.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin checks is_staff and model permissions itself.",
}


for _part in (
    matrix_opinions, matrix_consultations, matrix_disclosure, matrix_supervision,
    matrix_inspections, matrix_organisation, matrix_funds,
):  # fmt: skip
    assert not MATRIX.keys() & _part.MATRIX.keys(), "a URL has two matrix entries"
    MATRIX.update(_part.MATRIX)


def project_url_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in EXCLUDED_NAMESPACES:
                    continue
                prefix = f"{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = project_url_names()
    missing = names - MATRIX.keys()
    assert not missing, f"URL patterns with no permission matrix entry: {sorted(missing)}"
    assert not MATRIX.keys() - names, "matrix entries for URL patterns that no longer exist"


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix (thousands of cases), built once."""
    with shared_by_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _client_for(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


CASES = [(name, who) for name in MATRIX for who in USERS]


@pytest.mark.parametrize(("name", "who"), CASES)
def test_get(client, world, name, who):
    kwargs, expected, *_ = MATRIX[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    response = _client_for(client, world, who).get(url)
    assert response.status_code == expected[who], response.content[:300]


WRITE_CASES = [(name, who) for name, entry in MATRIX.items() if entry[2] for who in USERS]


@pytest.mark.parametrize(("name", "who"), WRITE_CASES)
def test_write(client, world, name, who):
    kwargs, _get, method, data, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    client = _client_for(client, world, who)
    if name.startswith("api:"):
        response = getattr(client, method)(url, data(world), content_type="application/json")
    else:
        response = client.post(url, data(world))
    assert response.status_code == expected[who], response.content[:500]
    if expected[who] == 302 and who != "anonymous":
        assert "/accounts/login/" not in response["Location"]
