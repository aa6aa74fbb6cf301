"""The special fund's pure rules: what a budget planned, paid and has left, whether a payment
stays within it, and how pages write its shares (amounts: common.rules.yuan). No database."""

from dataclasses import dataclass
from decimal import Decimal

from common.rules import percent

ZERO = Decimal("0.00")
NEARLY_SPENT = Decimal("0.9")  # "over 90% spent"


@dataclass(frozen=True)
class Budget:
    """What an allocation (or a sum of them) planned, paid and has left, in yuan."""

    planned: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.paid

    @property
    def paid_share(self) -> Decimal | None:
        return (self.paid / self.planned) if self.planned else None

    def allows(self, amount: Decimal) -> bool:
        """Whether a payment of ``amount`` stays within what is left."""
        return amount <= self.remaining


def budget_figures(planned, paid) -> dict:
    """Return the figures a page shows of a budget: planned, paid, remaining, paid percent."""
    budget = Budget(Decimal(planned or 0), Decimal(paid or 0))
    return {
        "planned": budget.planned,
        "paid": budget.paid,
        "remaining": budget.remaining,
        "percent": percent(budget.paid_share),
        "nearly_spent": budget.planned > 0 and budget.paid >= budget.planned * NEARLY_SPENT,
    }
