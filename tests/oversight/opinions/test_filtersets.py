"""OpinionFilterSet, shared by the staff register (/residents/opinions/) and the API.

The same query string selects the same opinions on the page and in the API; invalid values are
refused by both; choices stay inside the user's scope. (That every model field has a filter or
an exemption is checked in tests/common/test_filtersets.py.)
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common import clock
from oversight.opinions import services
from oversight.opinions.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    """Four opinions that differ in every filter.

    A1: the world's (a1, home visit, heating and parking, received today, 李秀英).
    A2: a2, by phone, greening, in review, assigned to street staff, replied, received
        2020-06-10, the text 楼道灯坏了.
    B1: b1, collection point, heating, hidden as spam, received 2020-05-01: overdue.
    DUP: a1, by phone, heating, merged into A1 (closed).
    """
    a2 = services.opinion_record(
        user=None, compound=world.a2, channel="phone", topics=["greening"], text="楼道灯坏了"
    )
    services.opinion_triage(
        opinion=a2, user=None, status="in_review", assignee=world.users["street_staff"],
        reply="已派电工。",
    )  # fmt: skip
    b1 = services.opinion_record(
        user=None, compound=world.b1, channel="collection_point", topics=["heating"], text="广告"
    )
    services.opinion_moderate(opinion=b1, user=None, hidden=True, hidden_reason="广告")
    dup = services.opinion_record(
        user=None, compound=world.a1, channel="phone", topics=["heating"], text="暖气不热"
    )
    services.opinion_merge(duplicate=dup, into=world.opinion_a1, user=None)
    tz = timezone.get_current_timezone()
    Opinion.objects.filter(pk=a2.pk).update(
        received_at=datetime.datetime(2020, 6, 10, 9, tzinfo=tz),
        replied_at=datetime.datetime(2020, 6, 11, 9, tzinfo=tz),
    )
    Opinion.objects.filter(pk=b1.pk).update(received_at=datetime.datetime(2020, 5, 1, 9, tzinfo=tz))
    world.codes = {
        "A1": world.opinion_a1.code, "A2": a2.code, "B1": b1.code, "DUP": dup.code,
    }  # fmt: skip
    world.a2_opinion, world.dup = a2, dup
    return world


def _names(world, codes):
    back = {code: name for name, code in world.codes.items()}
    return {back[code] for code in codes}


def _html(client, world, params):
    response = client.get(reverse("oversight:opinion_list"), params)
    assert response.status_code == 200
    assert not response.context["filterset"].errors, response.context["filterset"].errors
    return _names(world, [o.code for o in response.context["page"].object_list])


def _api(client, world, params):
    response = client.get(reverse("api:opinion-list"), params)
    assert response.status_code == 200, response.content[:500]
    return _names(world, [row["code"] for row in response.json()["results"]])


EVERY = {"A1", "A2", "B1", "DUP"}
FILTERS = {
    "nothing": (lambda w: {}, EVERY),
    "q on the text": (lambda w: {"q": "楼道灯"}, {"A2"}),
    "q on the code": (lambda w: {"q": w.codes["B1"][-6:]}, {"B1"}),
    "q on the compound name": (lambda w: {"q": "乙一"}, {"B1"}),
    "compound": (lambda w: {"compound": w.a1.pk}, {"A1", "DUP"}),
    "community": (lambda w: {"community": w.community_a2.pk}, {"A2"}),
    "plan": (lambda w: {"plan": w.plan_b.pk}, {"B1"}),
    "status one": (lambda w: {"status": "in_review"}, {"A2"}),
    "status several": (lambda w: {"status": ["received", "closed"]}, {"A1", "B1", "DUP"}),
    "channel": (lambda w: {"channel": "phone"}, {"A2", "DUP"}),
    "topic": (lambda w: {"topic": "heating"}, {"A1", "B1", "DUP"}),
    "topics, each opinion once": (lambda w: {"topic": ["heating", "parking"]}, {"A1", "B1", "DUP"}),
    "assignee": (lambda w: {"assignee": w.users["street_staff"].pk}, {"A2"}),
    "hidden true": (lambda w: {"hidden": "true"}, {"B1"}),
    "hidden false": (lambda w: {"hidden": "false"}, {"A1", "A2", "DUP"}),
    "merged true": (lambda w: {"merged": "true"}, {"DUP"}),
    "merged false": (lambda w: {"merged": "false"}, {"A1", "A2", "B1"}),
    "merged_into": (lambda w: {"merged_into": w.opinion_a1.pk}, {"DUP"}),
    "received from": (lambda w: {"received_from": "2020-06-01"}, {"A1", "A2", "DUP"}),
    "received until": (lambda w: {"received_until": "2020-06-10"}, {"A2", "B1"}),
    "received range": (
        lambda w: {"received_from": "2020-05-01", "received_until": "2020-05-31"},
        {"B1"},
    ),
    "replied true": (lambda w: {"replied": "true"}, {"A2"}),
    "replied false": (lambda w: {"replied": "false"}, {"A1", "B1", "DUP"}),
    # B1 is hidden: spam is never overdue. Nothing else is older than the target and open.
    "overdue true": (lambda w: {"overdue": "true"}, set()),
    "overdue false": (lambda w: {"overdue": "false"}, EVERY),
    "building": (lambda w: {"building": w.building_a1.pk}, {"A1"}),
    "id": (lambda w: {"id": w.opinion_a1.pk}, {"A1"}),
    "code": (lambda w: {"code": w.codes["A2"]}, {"A2"}),
    "compound and channel": (lambda w: {"compound": w.a1.pk, "channel": "home_visit"}, {"A1"}),
}


@pytest.mark.parametrize("case", FILTERS, ids=list(FILTERS))
def test_filter_gives_the_same_opinions_on_the_page_and_in_the_api(client, varied, case):
    params, expected = FILTERS[case]
    client.force_login(varied.users["inspector"])
    query = params(varied)
    assert _html(client, varied, query) == expected
    assert _api(client, varied, query) == expected


def test_overdue_finds_old_unanswered_visible_opinions(client, varied):
    """An opinion received long ago, still not replied, not hidden and not closed is overdue;
    replying takes it off the list."""
    long_ago = clock.now() - datetime.timedelta(days=40)
    Opinion.objects.filter(pk=varied.opinion_a1.pk).update(received_at=long_ago)
    client.force_login(varied.users["inspector"])
    assert _api(client, varied, {"overdue": "true"}) == {"A1"}
    Opinion.objects.filter(pk=varied.opinion_a1.pk).update(replied_at=clock.now())
    assert _api(client, varied, {"overdue": "true"}) == set()


@pytest.mark.parametrize(
    ("who", "params", "expected"),
    [
        ("street_staff", {}, {"A1", "A2", "DUP"}),
        ("street_staff", {"topic": "heating"}, {"A1", "DUP"}),
        ("community_staff", {}, {"A1", "DUP"}),
        ("supervisor", {"channel": "phone"}, {"DUP"}),
        ("other_community_staff", {}, {"A2"}),
    ],
)
def test_filters_apply_inside_the_users_scope(client, varied, who, params, expected):
    client.force_login(varied.users[who])
    assert _html(client, varied, params) == expected
    assert _api(client, varied, params) == expected


INVALID = {
    "unknown status": (lambda w: {"status": "lost"}, "status"),
    "unknown channel": (lambda w: {"channel": "pigeon"}, "channel"),
    "unknown topic": (lambda w: {"topic": "swimming_pool"}, "topic"),
    "hidden maybe": (lambda w: {"hidden": "maybe"}, "hidden"),
    "replied maybe": (lambda w: {"replied": "maybe"}, "replied"),
    "overdue maybe": (lambda w: {"overdue": "perhaps"}, "overdue"),
    "impossible date": (lambda w: {"received_from": "2020-13-45"}, "received_from"),
    "compound as text": (lambda w: {"compound": "甲一"}, "compound"),
    "compound of another community": (lambda w: {"compound": w.a2.pk}, "compound"),
    "community of another street": (lambda w: {"community": w.community_b1.pk}, "community"),
    "plan of another street": (lambda w: {"plan": w.plan_b.pk}, "plan"),
    "assignee holding nothing here": (lambda w: {"assignee": w.users["admin"].pk}, "assignee"),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_filter_is_refused_by_both_interfaces(client, varied, case):
    """An invalid value, or a choice outside community staff's scope, is a 400 naming the
    filter from the API, and an error with an empty list on the page."""
    params, field = INVALID[case]
    client.force_login(varied.users["community_staff"])
    query = params(varied)
    api = client.get(reverse("api:opinion-list"), query)
    assert api.status_code == 400, api.content[:300]
    assert field in api.json()
    page = client.get(reverse("oversight:opinion_list"), query)
    assert page.status_code == 200
    assert field in page.context["filterset"].errors
    assert list(page.context["page"].object_list) == []


def test_the_list_takes_a_fixed_number_of_queries(client, varied, django_assert_max_num_queries):
    """More opinions on the page do not mean more queries (topics are prefetched)."""
    client.force_login(varied.users["inspector"])
    for _ in range(10):
        services.opinion_record(
            user=None, compound=varied.a1, channel="phone", topics=["facade", "parking"], text="x"
        )
    with django_assert_max_num_queries(16):
        client.get(reverse("oversight:opinion_list"))
    with django_assert_max_num_queries(16):
        client.get(reverse("api:opinion-list"))
