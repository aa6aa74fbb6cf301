"""The fund of the demo (INVENTED amounts): a budget per work item and a general one for each
of the 26 started compounds, payments that stay within every budget, most compounds well
spent and one (农科路32号院) close to its budget; seeding again creates nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from compounds import rules as register_rules
from compounds.demo import Tally
from compounds.models import Compound
from oversight.funds import demo as demo_funds
from oversight.funds import selectors
from oversight.models import FundAllocation, FundPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())


def test_demo_fund(seeded):
    """One seeding (it takes seconds), every figure checked."""
    started = Compound.objects.filter(status__in=register_rules.STARTED_STATUSES)
    assert started.count() == 26
    rows = {c.name: c for c in selectors.compound_rows(selectors.compound_fund_list(user=None))}
    for compound in started:
        row = rows[compound.name]
        assert row.allocation_count == compound.work_items.count() + 1  # and the general one
        assert row.payment_count >= row.allocation_count
        assert 0 < row.paid < row.planned
    for compound in Compound.objects.exclude(status__in=register_rules.STARTED_STATUSES):
        assert rows[compound.name].allocation_count == 0
    # Every budget covers its payments; tens to hundreds of thousands of yuan per item.
    for allocation in selectors.allocation_list(user=None):
        assert allocation.paid <= allocation.amount
        if allocation.work_item_id:
            assert 10_000 <= allocation.amount <= 1_000_000
    spent = set(
        selectors.compound_fund_list(user=None)
        .filter(selectors.nearly_spent_q())
        .values_list("name", flat=True)
    )
    assert spent == {demo_funds.NEARLY_SPENT}
    shares = [rows[c.name].figures["percent"] for c in started]
    assert sum(1 for share in shares if share >= 50) >= 20  # most are well under way
    # The raised budget shows its reason in the history.
    heating = FundAllocation.objects.get(
        compound__name="丰产路47号院", work_item__category="heating"
    )
    reasons = list(heating.history.values_list("history_change_reason", flat=True))
    assert demo_funds.RAISED[3] in reasons
    # Companies only, and a real (small, INVENTED) PDF behind each payment.
    payments = FundPayment.objects.all()
    assert set(payments.values_list("payee", flat=True)) == {
        demo_funds.BUILDER, demo_funds.SUPERVISION_FIRM, demo_funds.DESIGN_FIRM,
    }  # fmt: skip
    with payments.first().document.open("rb") as document:
        content = document.read()
    assert content.startswith(b"%PDF-") and b"INVENTED" in content and b"%%EOF" in content
    # Seeding again finds everything there.
    tally = demo_funds.seed(Tally())
    assert tally.created == {}
    assert FundPayment.objects.count() == payments.count()
