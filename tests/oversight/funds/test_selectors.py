"""Reads of the special fund: each compound's planned, paid and remaining budget in one query
whatever the number of compounds, totals of a plan or a street, and the user's scope."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.funds import selectors, services
from oversight.models import FundAllocation
from tests.factories import CompoundFactory, WorkItemFactory
from tests.oversight.funds.matrix import allocation_a1, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def pay(allocation, amount):
    return services.payment_create(
        user=None, allocation=allocation, paid_on=datetime.date(2020, 6, 1),
        payee="郑州文建工程有限公司", amount=Decimal(amount), document=pdf_upload(),
    )  # fmt: skip


@pytest.fixture
def funded(world):
    """a1: ¥80,000 for its work item (¥50,000 paid in two payments) and ¥20,000 general
    (¥5,000 paid); a2: ¥10,000 general, ¥9,500 paid (over 90%); b1: ¥30,000, nothing paid."""
    item = allocation_a1(world)
    pay(item, "30000")
    pay(item, "20000")
    general = FundAllocation.objects.create(compound=world.a1, amount=Decimal("20000"))
    pay(general, "5000")
    a2 = FundAllocation.objects.create(compound=world.a2, amount=Decimal("10000"))
    pay(a2, "9500")
    FundAllocation.objects.create(compound=world.b1, amount=Decimal("30000"))
    return world


def _figures(user):
    return {
        c.name: (c.planned, c.paid, c.remaining, c.allocation_count, c.payment_count)
        for c in selectors.compound_fund_list(user=user)
    }


def test_each_compound_has_its_planned_paid_and_remaining(funded):
    figures = _figures(None)
    assert figures["甲一1号院"] == (Decimal("100000"), Decimal("55000"), Decimal("45000"), 2, 3)
    assert figures["甲二2号院"] == (Decimal("10000"), Decimal("9500"), Decimal("500"), 1, 1)
    assert figures["乙一3号院"] == (Decimal("30000"), Decimal("0"), Decimal("30000"), 1, 0)


def test_a_compound_without_budget_shows_zeros(world):
    assert _figures(None)["甲二2号院"] == (0, 0, 0, 0, 0)


def test_the_list_takes_one_query_whatever_the_number_of_compounds(funded):
    def count():
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.compound_rows(selectors.compound_fund_list(user=None))
        return len(queries), len(rows)

    few = count()
    for _ in range(5):
        compound = CompoundFactory(community=funded.community_a1, plan=funded.plan_a)
        allocation = FundAllocation.objects.create(
            compound=compound, work_item=WorkItemFactory(compound=compound), amount=100
        )
        pay(allocation, "10")
    many = count()
    assert many[1] == few[1] + 5
    assert few[0] == many[0] == 1


def test_the_list_is_scoped_to_the_user(funded):
    assert set(_figures(funded.users["street_staff"])) == {"甲一1号院", "甲二2号院"}
    assert set(_figures(funded.users["community_staff"])) == {"甲一1号院"}
    assert set(_figures(funded.users["inspector"])) == {"甲一1号院", "甲二2号院", "乙一3号院"}
    assert set(_figures(funded.users["no_role"])) == set()


def test_totals_of_a_plan_and_of_a_street(funded):
    totals = selectors.plan_fund_totals(plan=funded.plan_a, user=None)
    assert (totals["planned"], totals["paid"], totals["remaining"]) == (
        Decimal("110000"), Decimal("64500"), Decimal("45500"),
    )  # fmt: skip
    assert totals["percent"] == 59  # 64,500 / 110,000 = 58.6%
    assert (totals["compounds"], totals["with_budget"], totals["payments"]) == (2, 2, 4)
    street_b = selectors.street_fund_totals(street=funded.street_b, user=None)
    assert (street_b["planned"], street_b["paid"], street_b["payments"]) == (30000, 0, 0)
    # Inside the user's scope only: community staff of 甲一 see a1's figures.
    mine = selectors.plan_fund_totals(plan=funded.plan_a, user=funded.users["community_staff"])
    assert (mine["planned"], mine["paid"], mine["compounds"]) == (100000, 55000, 1)


def test_nearly_spent_selects_compounds_that_paid_90_percent_or_more(funded):
    names = set(
        selectors.compound_fund_list(user=None)
        .filter(selectors.nearly_spent_q())
        .values_list("name", flat=True)
    )
    assert names == {"甲二2号院"}  # 95%; a1 has paid 55%, b1 nothing


def test_a_compounds_allocations_come_with_their_payments_newest_first(funded):
    with CaptureQueriesContext(connection) as queries:
        allocations = selectors.compound_allocations(compound=funded.a1)
        labels = [a.label for a in allocations]
    assert len(queries) == 2
    assert labels[-1] == "general (no single work item)"  # the general pot last
    item = allocations[0]
    assert item.figures["planned"] == Decimal("80000") and item.figures["paid"] == Decimal("50000")
    assert [p.amount for p in item.payment_rows] == [Decimal("20000"), Decimal("30000")]


def test_unbudgeted_work_items_are_those_without_a_budget(world):
    second = WorkItemFactory(compound=world.a1, category="heating")
    assert set(selectors.unbudgeted_work_items(compound=world.a1)) == {world.work_item_a1, second}
    allocation_a1(world)
    assert list(selectors.unbudgeted_work_items(compound=world.a1)) == [second]
