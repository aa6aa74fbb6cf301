"""Reads of the residents' voice: the compound tally, the dashboard figures, masking, the
people an opinion may be assigned to, and an opinion's history."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common import clock
from oversight.opinions import selectors, services
from oversight.opinions.choices import OpinionStatus
from oversight.opinions.models import Opinion
from tests.factories import UserFactory, WorkItemFactory, assign

pytestmark = pytest.mark.django_db


def _record(compound, topics, channel="collection_point", **fields):
    return services.opinion_record(
        user=None, compound=compound, channel=channel, topics=topics, text="意见", **fields
    )


@pytest.fixture
def asked(world):
    """Compound a1: the world's opinion (heating, parking; home visit), three more visible ones
    (heating by phone; heating and greening; property management), a hidden one (heating) and a
    duplicate merged into the world's (heating). Work items: the world's demolition (25 of 100)
    and heating (30 of 40). Compound a2 has one heating opinion of its own."""
    a1 = world.a1
    _record(a1, ["heating"], channel="phone")
    _record(a1, ["heating", "greening"])
    _record(a1, ["property_management"])
    hidden = _record(a1, ["heating"])
    services.opinion_moderate(opinion=hidden, user=None, hidden=True, hidden_reason="广告")
    duplicate = _record(a1, ["heating"])
    services.opinion_merge(duplicate=duplicate, into=world.opinion_a1, user=None)
    WorkItemFactory(
        compound=a1, category="heating", planned_quantity=Decimal(40), done_quantity=Decimal(30)
    )
    _record(world.a2, ["heating"])
    return world


def test_compound_tally_counts_visible_opinions_by_topic_channel_and_status(asked):
    tally = selectors.compound_tally(asked.a1)
    assert tally["total"] == 4
    topics = {row.topic: row for row in tally["by_topic"]}
    assert {t: row.count for t, row in topics.items()} == {
        "heating": 3,
        "parking": 1,
        "greening": 1,
        "property_management": 1,
        "demolition": 0,  # planned by the street, asked by nobody
    }
    assert tally["by_topic"][0].topic == "heating"  # asked most comes first
    assert [row.topic for row in tally["asked"]][0] == "heating"
    assert "demolition" not in {row.topic for row in tally["asked"]}
    assert (topics["heating"].work_items, topics["heating"].progress) == (1, Decimal("0.75"))
    assert (topics["demolition"].work_items, topics["demolition"].progress) == (1, Decimal("0.25"))
    assert (topics["greening"].work_items, topics["greening"].progress) == (0, None)
    channels = {row["channel"]: row["count"] for row in tally["by_channel"]}
    assert channels == {
        "online": 0, "qr_poster": 0, "home_visit": 1, "collection_point": 2, "phone": 1,
    }  # fmt: skip
    statuses = {row["status"]: row["count"] for row in tally["by_status"]}
    assert statuses["received"] == 4
    assert sum(statuses.values()) == 4


def test_compound_tally_takes_a_fixed_number_of_queries(asked):
    with CaptureQueriesContext(connection) as few:
        selectors.compound_tally(asked.a1)
    for _ in range(5):
        _record(asked.a1, ["facade", "roof_waterproofing"])
        WorkItemFactory(compound=asked.a1, category="facade", repeat_reason="分两期")
    with CaptureQueriesContext(connection) as many:
        selectors.compound_tally(asked.a1)
    assert len(many) == len(few) <= 3


def test_compound_tally_of_a_compound_without_opinions(world):
    tally = selectors.compound_tally(world.b1)
    assert tally["total"] == 0
    assert tally["by_topic"] == []
    assert all(row["count"] == 0 for row in tally["by_status"])


def test_opinion_figures_in_the_users_scope(asked):
    """Received counts visible opinions in scope; answered those replied; the median time to
    reply is the middle one; the top topics come most asked first."""
    staff = asked.users["community_staff"]
    now = clock.now()
    visible = list(selectors.visible(Opinion.objects.filter(compound=asked.a1)).order_by("pk"))
    for opinion, hours in zip(visible[:3], (2, 10, 50), strict=True):
        opinion.received_at = now - datetime.timedelta(hours=hours)
        opinion.replied_at, opinion.reply = now, "已答复"
        opinion.save()  # derives its time to reply
    figures = selectors.opinion_figures(user=staff)
    assert figures["received"] == 4
    assert figures["answered"] == 3
    assert figures["median_reply_time"] == datetime.timedelta(hours=10)
    assert figures["median_reply_days"] == Decimal("0.4")
    assert figures["overdue"] == 0
    top = figures["top_topics"][0]
    assert (top["topic"], top["count"]) == ("heating", 3)
    assert len(figures["top_topics"]) == 4
    street = selectors.opinion_figures(user=asked.users["street_staff"])
    assert street["received"] == 5  # and a2's
    assert selectors.opinion_figures(user=asked.users["no_role"])["received"] == 0
    other = selectors.opinion_figures(user=asked.users["other_community_staff"])
    assert (other["received"], other["answered"], other["median_reply_time"]) == (1, 0, None)


def test_opinion_figures_of_a_plan_count_its_compounds_and_the_overdue(asked):
    street = asked.users["street_staff"]
    waiting = selectors.visible(Opinion.objects.filter(compound=asked.a1)).first()
    Opinion.objects.filter(pk=waiting.pk).update(
        received_at=clock.now() - datetime.timedelta(days=selectors.REPLY_WITHIN_DAYS + 1)
    )
    figures = selectors.opinion_figures(user=street, plan=asked.plan_a)
    assert figures["overdue"] == 1
    in_plan = selectors.visible(Opinion.objects.filter(compound__plan=asked.plan_a)).count()
    assert figures["received"] == in_plan
    assert selectors.opinion_figures(user=street, plan=asked.plan_b)["received"] == 0


def test_contact_is_masked_without_the_right_to_personal_data(world):
    opinion = world.opinion_a1
    full = selectors.contact_of(opinion, user=world.users["community_staff"])
    assert (full.name, full.phone, full.tel, full.masked) == (
        "李秀英", "138 0013 8000", "+8613800138000", False,
    )  # fmt: skip
    masked = selectors.contact_of(opinion, user=world.users["supervisor"])
    assert (masked.name, masked.phone, masked.tel, masked.masked) == (
        "李**",
        "138****8000",
        "",
        True,
    )


def test_assignee_choices_are_staff_covering_the_compound(world):
    """Street staff of 甲 and community staff of 甲一 may take a1's opinions; not the other
    community's staff, not the supervisor (no triage right), not an inactive user."""
    gone = UserFactory(username="gone", role="community_staff", is_active=False)
    assign(gone, community=world.community_a1)
    names = set(selectors.assignee_choices(compound=world.a1).values_list("username", flat=True))
    assert names == {"street_staff", "community_staff"}
    kept = selectors.assignee_choices(compound=world.a1, keep=world.users["supervisor"].pk)
    assert "supervisor" in set(kept.values_list("username", flat=True))


def test_the_choices_offered_are_whom_the_rule_allows(world):
    """selectors.assignee_choices (the form's query) and rules.may_take_on (the service's
    check, through selectors.may_take_on) agree on every user of the world."""
    gone = UserFactory(username="gone", role="community_staff", is_active=False)
    assign(gone, community=world.community_a1)
    offered = set(selectors.assignee_choices(compound=world.a1))
    for person in [*world.users.values(), gone]:
        allowed = selectors.may_take_on(person=person, opinion=world.opinion_a1, holder_id=None)
        assert allowed is (person in offered), person.username


def test_opinion_changes_name_who_changed_what_and_mask_personal_data(world):
    staff = world.users["community_staff"]
    opinion = world.opinion_a1
    services.opinion_triage(
        opinion=opinion, user=staff, status=OpinionStatus.IN_REVIEW, topics=["heating", "greening"]
    )
    Opinion.objects.filter(pk=opinion.pk).update(name="李秀")  # no history row by itself
    opinion.refresh_from_db()
    services.opinion_triage(opinion=opinion, user=staff, reply="已列入计划。")
    with translation.override("en"):
        changes = selectors.opinion_changes(opinion=opinion, user=world.users["supervisor"])
        labels = [(str(f["label"]), f["old"], f["new"]) for c in changes for f in c["fields"]]
    assert ("status", "received", "in review") in labels
    assert ("topic", "—", "greening") in labels
    assert ("name", "李**", "李*") in labels  # masked for the supervisor
    assert changes[0]["who"] == staff
    full = selectors.opinion_changes(opinion=opinion, user=staff)
    assert ("李秀英", "李秀") in [(f["old"], f["new"]) for c in full for f in c["fields"]]
