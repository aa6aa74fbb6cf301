"""Pure rules of the public disclosure, without a database."""

from decimal import Decimal

from compounds import rules as register_rules


def percent(progress: Decimal | None) -> int | None:
    """Return a share from 0 to 1 as a whole percentage; 100 only when all is done."""
    value = register_rules.percent(progress)
    if value is None:
        return None
    return min(value, 99) if progress < 1 else value
