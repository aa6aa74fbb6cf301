"""The fund's pure rules, without a database.

Budget(planned, paid): what remains, the paid share, and whether a payment stays within what
is left.
"""

from decimal import Decimal

from oversight.funds import rules
from oversight.funds.rules import Budget


def test_budget_remaining_is_planned_less_paid():
    assert Budget(Decimal("100000.00"), Decimal("35000.50")).remaining == Decimal("64999.50")
    assert Budget(Decimal("0"), Decimal("0")).remaining == Decimal("0")


def test_budget_allows_a_payment_up_to_what_remains_exactly():
    budget = Budget(Decimal("100000.00"), Decimal("90000.00"))
    assert budget.allows(Decimal("9999.99"))
    assert budget.allows(Decimal("10000.00"))  # the whole remainder
    assert not budget.allows(Decimal("10000.01"))  # one cent too many


def test_budget_of_nothing_allows_nothing():
    assert not Budget(Decimal("0"), Decimal("0")).allows(Decimal("0.01"))


def test_paid_share_is_none_without_a_budget():
    assert Budget(Decimal("0"), Decimal("0")).paid_share is None
    assert Budget(Decimal("200"), Decimal("50")).paid_share == Decimal("0.25")


def test_budget_figures_mark_90_percent_spent_as_nearly_spent():
    assert rules.budget_figures(Decimal("1000"), Decimal("900"))["nearly_spent"]
    assert not rules.budget_figures(Decimal("1000"), Decimal("899.99"))["nearly_spent"]
    assert not rules.budget_figures(Decimal("0"), Decimal("0"))["nearly_spent"]
    figures = rules.budget_figures(Decimal("1000"), Decimal("250"))
    assert figures == {
        "planned": Decimal("1000"),
        "paid": Decimal("250"),
        "remaining": Decimal("750"),
        "percent": 25,
        "nearly_spent": False,
    }
