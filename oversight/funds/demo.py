"""Demo data of oversight: funds (called by oversight/demo.py), after the register and the
progress demo.

The articles give no amount: every budget, payment, payee, date and document here is INVENTED
and plausible for a 2020 Zhengzhou compound. Each started compound (开工, 26 of the 30) gets a
budget per work item, priced from the item's planned quantity, and a general budget (design
and supervision, about 6% of the items). The builder is paid a 30% advance after the start and
then by progress; the design firm at the start and the supervision firm monthly. Finished
compounds are paid most of their budget; 农科路32号院 is close to its budget (its pipelines
nearly spent), so it is the one compound over 90% spent. The heating budget of 丰产路47号院
was raised once, with its reason, so the history shows a change.

Seeding twice creates nothing: every record is looked up first.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from compounds import rules as register_rules
from compounds.choices import CompoundStatus
from compounds.models import Compound
from progress.choices import WorkCategory
from progress.models import WorkItem

from .models import FundAllocation, FundPayment
from .services import allocation_change

D = datetime.date
AS_OF = D(2020, 7, 17)  # the day the progress demo's logs stop

# INVENTED: what the fund pays per unit of each kind of work, in yuan.
RATES = {
    WorkCategory.DEMOLITION: Decimal(900),  # per place (处)
    WorkCategory.PIPELINES: Decimal(260),  # per metre
    WorkCategory.STAIRWELL_PAINTING: Decimal(38000),  # per building
    WorkCategory.HEATING: Decimal(450),  # per radiator
    WorkCategory.ELEVATOR: Decimal(200000),  # the fund's share of each elevator
    WorkCategory.ROAD_DRAINAGE: Decimal(120),  # per m²
    WorkCategory.ACCESS_CCTV: Decimal(25000),  # per building
    WorkCategory.GREENING: Decimal(150),  # per m²
    WorkCategory.FACADE: Decimal(60),  # per m²
    WorkCategory.PARKING: Decimal(3000),  # per parking space
    WorkCategory.EV_CHARGING: Decimal(8000),  # per charging point
    WorkCategory.ELDERLY_CARE: Decimal(150000),  # per day-care room
    WorkCategory.CHILDCARE: Decimal(150000),  # per childcare room
    WorkCategory.COMMUNITY_SERVICE: Decimal(80000),  # per service room
}
DEFAULT_RATE = Decimal(100)
GENERAL_SHARE = Decimal("0.06")  # design and supervision, of the items' budgets

# INVENTED payees: companies only, never a person.
BUILDER = "郑州文建工程有限公司"
SUPERVISION_FIRM = "河南信衡工程监理有限公司"
DESIGN_FIRM = "郑州筑景规划设计有限公司"

# The compound close to its budget, and the budget raised once (INVENTED).
NEARLY_SPENT = "农科路32号院"
RAISED = ("丰产路47号院", WorkCategory.HEATING, Decimal(480000),
          "入户暖气片核定为1156组，按实调整预算")  # fmt: skip


def _hundreds(amount: Decimal) -> Decimal:
    return ((amount / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100).quantize(
        Decimal("0.01")
    )


def demo_pdf(lines) -> bytes:
    """Return a minimal valid one-page PDF showing ``lines`` (ASCII) in Helvetica."""
    text = " ".join(
        f"({line.replace(chr(92), '').replace('(', '[').replace(')', ']')}) Tj 0 -18 Td"
        for line in lines
    )
    stream = f"BT /F1 12 Tf 56 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed(tally):
    """Create what is missing; change nothing that exists."""
    compounds = (
        Compound.objects.filter(plan__street__name="文化路街道", plan__year=2020)
        .filter(status__in=register_rules.STARTED_STATUSES)
        .order_by("name")
    )
    for compound in compounds:
        _seed_compound(tally, compound)
    return tally


def _paid_share(compound, item) -> Decimal:
    """INVENTED: how much of an item's budget has been paid."""
    if compound.name == NEARLY_SPENT:
        return Decimal("0.98") if item.category == WorkCategory.PIPELINES else Decimal("0.92")
    if compound.status == CompoundStatus.ACCEPTED:
        return Decimal("0.85")
    if compound.status == CompoundStatus.COMPLETED:
        return Decimal("0.75")
    done = item.done_quantity / item.planned_quantity if item.planned_quantity else Decimal(0)
    return min(Decimal("0.3") + Decimal("0.5") * done, Decimal("0.8"))


def _seed_compound(tally, compound):
    items = list(
        WorkItem.objects.filter(compound=compound).order_by("category", "building_id", "pk")
    )
    started = compound.started_on or AS_OF
    total = Decimal(0)
    for item in items:
        amount = _hundreds(RATES.get(item.category, DEFAULT_RATE) * item.planned_quantity)
        total += amount
        first = amount
        raised = (compound.name, item.category) == RAISED[:2]
        if raised:
            first = RAISED[2]
        allocation, created = tally.get_or_create(
            FundAllocation,
            compound=compound,
            work_item=item,
            defaults={"amount": first, "note": item.description[:200]},
        )
        if created and raised and amount != first:
            allocation_change(allocation=allocation, user=None, amount=amount, reason=RAISED[3])
        _seed_builder(tally, compound, item, allocation, amount, started)
    general_amount = _hundreds(total * GENERAL_SHARE)
    general, _created = tally.get_or_create(
        FundAllocation,
        compound=compound,
        work_item=None,
        defaults={"amount": general_amount, "note": "设计费、监理费"},
    )
    _seed_general(tally, compound, general, general_amount, started)


def _seed_builder(tally, compound, item, allocation, amount, started):
    share = _paid_share(compound, item)
    advance = _hundreds(amount * Decimal("0.3"))
    advance_day = min(started + datetime.timedelta(days=10), AS_OF)
    _payment(tally, allocation, advance_day, BUILDER, advance, "预付款（30%）")
    rest = _hundreds(amount * share) - advance
    if compound.status in register_rules.COMPLETED_STATUSES and compound.completed_on:
        day = min(compound.completed_on + datetime.timedelta(days=7), AS_OF)
    else:
        day = AS_OF - datetime.timedelta(days=2)
    if rest > 0 and day > advance_day:
        _payment(tally, allocation, day, BUILDER, rest, "进度款")


def _seed_general(tally, compound, general, amount, started):
    design_day = min(started + datetime.timedelta(days=3), AS_OF)
    _payment(tally, general, design_day, DESIGN_FIRM, _hundreds(amount * Decimal("0.4")), "设计费")
    share = Decimal("0.25") if compound.name == NEARLY_SPENT else Decimal("0.2")
    for month_end in (D(2020, 5, 31), D(2020, 6, 30)):
        if started + datetime.timedelta(days=20) <= month_end:
            _payment(
                tally, general, month_end, SUPERVISION_FIRM, _hundreds(amount * share), "监理费"
            )


def _payment(tally, allocation, day, payee, amount, note):
    lookup = {"allocation": allocation, "paid_on": day, "payee": payee}
    existing = FundPayment.objects.filter(**lookup).first()
    if existing is None:
        probe = FundPayment(allocation=allocation, paid_on=day)
        field = FundPayment._meta.get_field("document")
        name = field.generate_filename(probe, f"demo-{allocation.pk}-{day:%Y%m%d}.pdf")
        content = demo_pdf(
            [
                "INVENTED demo document - not a real invoice",
                f"Payment of {amount} yuan on {day.isoformat()}",
                f"Budget {allocation.pk}, compound {allocation.compound_id}",
            ]
        )
        stored = default_storage.save(name, ContentFile(content))
        defaults = {"amount": amount, "note": note, "document": stored}
    else:
        defaults = {}
    return tally.get_or_create(FundPayment, defaults=defaults, **lookup)
