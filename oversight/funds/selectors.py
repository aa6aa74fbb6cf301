"""The special fund (专项资金): reads of its budgets and payments, scoped to the user, and the
figures of budget, paid and left.

A compound's budget is the sum of its allocations: one per work item, and one general pot for
costs of no single item (design, supervision). Each payment is made out of one allocation.

Imported by OversightConfig.ready(): at module level it registers the fund panel of a
compound's page and the "funds" section of the public disclosure page.
"""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds.models import Compound
from compounds.panels import Panel
from compounds.panels import register as register_panel
from compounds.selectors import scoped
from progress.choices import WorkCategory
from progress.models import WorkItem

from ..disclosure.sections import Section, register_section
from .models import FundAllocation, FundPayment
from .rules import NEARLY_SPENT, ZERO, Budget, budget_figures

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _paid_of_allocation():
    return Coalesce(Sum("payments__amount"), Value(ZERO), output_field=MONEY)


def allocation_list(*, user) -> QuerySet:
    """The allocations the user may read, each with what was ``paid`` out of it and its
    ``payment_count``."""
    return (
        scoped(
            FundAllocation.objects.select_related("compound__community", "work_item__building"),
            user,
        )
        .annotate(paid=_paid_of_allocation(), payment_count=Count("payments"))
        .order_by(
            "compound__name", "compound_id", F("work_item__category").asc(nulls_last=True), "pk"
        )
    )


def payment_list(*, user) -> QuerySet:
    """The payments the user may read, newest first."""
    return scoped(
        FundPayment.objects.select_related(
            "allocation__compound__community", "allocation__work_item", "recorded_by"
        ),
        user,
    ).order_by("-paid_on", "-pk")


def _sum_by_compound(queryset, compound_path: str, expression):
    return Subquery(
        queryset.filter(**{compound_path: OuterRef("pk")})
        .order_by()
        .values(compound_path)
        .annotate(total=expression)
        .values("total")[:1]
    )


def with_fund_figures(compounds: QuerySet) -> QuerySet:
    """Annotate compounds with ``planned``, ``paid``, ``remaining``, ``allocation_count`` and
    ``payment_count``: correlated subqueries, so one query whatever the number of compounds."""
    planned = _sum_by_compound(FundAllocation.objects.all(), "compound", Sum("amount"))
    paid = _sum_by_compound(FundPayment.objects.all(), "allocation__compound", Sum("amount"))
    allocations = _sum_by_compound(FundAllocation.objects.all(), "compound", Count("pk"))
    payments = _sum_by_compound(FundPayment.objects.all(), "allocation__compound", Count("pk"))
    return compounds.annotate(
        planned=Coalesce(planned, Value(ZERO), output_field=MONEY),
        paid=Coalesce(paid, Value(ZERO), output_field=MONEY),
        allocation_count=Coalesce(allocations, Value(0), output_field=IntegerField()),
        payment_count=Coalesce(payments, Value(0), output_field=IntegerField()),
    ).annotate(remaining=ExpressionWrapper(F("planned") - F("paid"), output_field=MONEY))


def nearly_spent_q() -> Q:
    """Compounds (annotated by with_fund_figures) that have paid 90% of their budget or more."""
    return Q(planned__gt=0, paid__gte=F("planned") * NEARLY_SPENT)


def compound_fund_list(*, user) -> QuerySet:
    """The compounds the user may read, with their fund figures."""
    return with_fund_figures(
        scoped(Compound.objects.select_related("community", "plan"), user)
    ).order_by("community__name", "name", "pk")


def compound_rows(compounds) -> list:
    """Attach ``figures`` (budget_figures) to each compound of a page."""
    compounds = list(compounds)
    for compound in compounds:
        compound.figures = budget_figures(compound.planned, compound.paid)
    return compounds


def fund_totals(compounds: QuerySet) -> dict:
    """Return the totals of compounds (a queryset from compound_fund_list, filtered or not):
    the budget figures, how many compounds have a budget, and how many payments, in one
    query."""
    totals = compounds.order_by().aggregate(
        total_planned=Sum("planned"),
        total_paid=Sum("paid"),
        total_compounds=Count("pk"),
        total_with_budget=Count("pk", filter=Q(allocation_count__gt=0)),
        total_payments=Sum("payment_count"),
    )  # aliases differ from the annotations, which they would otherwise replace
    return {
        **budget_figures(totals["total_planned"], totals["total_paid"]),
        "compounds": totals["total_compounds"],
        "with_budget": totals["total_with_budget"],
        "payments": totals["total_payments"] or 0,
    }


def fund_figures(*, selection) -> dict:
    """Return the fund figures of the dashboard for a selection of the register (a
    compounds.selectors.Selection): budgeted, paid, remaining and paid percent, the compounds
    with a budget and the payments, in two queries whatever the number of compounds."""
    planned = selection.filter(FundAllocation.objects.all()).aggregate(
        total=Sum("amount"), compounds=Count("compound", distinct=True)
    )
    paid = selection.filter(FundPayment.objects.all(), path="allocation__compound__").aggregate(
        total=Sum("amount"), payments=Count("pk")
    )
    return {
        **budget_figures(planned["total"], paid["total"]),
        "with_budget": planned["compounds"],
        "payments": paid["payments"],
    }


def plan_fund_totals(*, plan, user) -> dict:
    """Return the fund totals of a renovation plan, inside the user's scope."""
    return fund_totals(compound_fund_list(user=user).filter(plan=plan))


def street_fund_totals(*, street, user) -> dict:
    """Return the fund totals of a street's compounds, inside the user's scope."""
    return fund_totals(compound_fund_list(user=user).filter(community__street=street))


def compound_budget(*, compound) -> Budget:
    """Return what a compound planned and paid in all, in one query."""
    row = with_fund_figures(Compound.objects.filter(pk=compound.pk)).values("planned", "paid")
    row = row.first() or {"planned": ZERO, "paid": ZERO}
    return Budget(row["planned"], row["paid"])


def allocation_budget(*, allocation) -> Budget:
    """Return what an allocation planned and what was paid out of it (read now)."""
    paid = FundPayment.objects.filter(allocation_id=allocation.pk).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    return Budget(Decimal(allocation.amount), paid)


def allocation_label(allocation) -> str:
    """Return what an allocation pays for: its work item's category (and building), or the
    general pot."""
    if allocation.work_item_id is None:
        return _("general (no single work item)")
    item = allocation.work_item
    label = item.get_category_display()
    if item.building_id:
        label = f"{label} · {item.building.number}"
    return label


def compound_allocations(*, compound) -> list:
    """Return a compound's allocations, work items first and the general pot last, each with
    its ``figures``, ``label`` and ``payment_rows`` (newest first), in two queries."""
    allocations = list(
        FundAllocation.objects.filter(compound=compound)
        .select_related("work_item__building")
        .annotate(paid=_paid_of_allocation(), payment_count=Count("payments"))
        .order_by(
            F("work_item__category").asc(nulls_last=True), "work_item__building__number", "pk"
        )
    )
    payments: dict[int, list] = {allocation.pk: [] for allocation in allocations}
    for payment in (
        FundPayment.objects.filter(allocation__compound=compound)
        .select_related("recorded_by")
        .order_by("-paid_on", "-pk")
    ):
        payments[payment.allocation_id].append(payment)
    for allocation in allocations:
        allocation.figures = budget_figures(allocation.amount, allocation.paid)
        allocation.label = allocation_label(allocation)
        allocation.payment_rows = payments[allocation.pk]
    return allocations


def unbudgeted_work_items(*, compound) -> QuerySet:
    """The compound's work items that have no allocation yet."""
    return (
        WorkItem.objects.filter(compound=compound, fund_allocations__isnull=True)
        .select_related("building")
        .order_by("category", "building__number", "pk")
    )


def has_general_allocation(*, compound) -> bool:
    return FundAllocation.objects.filter(compound=compound, work_item__isnull=True).exists()


# --- The compound's page: the fund panel ------------------------------------------------------


def compound_panel(compound, user) -> dict | None:
    """The fund panel of a compound's page: planned, paid, remaining, and the way to the
    compound's fund page (for those who may read budgets)."""
    if not user.has_perm("oversight.view_fundallocation"):
        return None
    budget = compound_budget(compound=compound)
    return {
        "compound": compound,
        **budget_figures(budget.planned, budget.paid),
        "can_add": user.has_perm("oversight.add_fundallocation", FundAllocation(compound=compound)),
    }


register_panel(Panel("oversight/funds/compound_panel.html", compound_panel, order=40))


# --- The public disclosure page: the "funds" section ------------------------------------------


def public_section(compound) -> dict | None:
    """The fund of a compound as the public sees it (及时公开): planned, paid and remaining for
    the compound and per kind of work, how many payments, and the day of the latest one.
    No payee, document, note or person; nothing when the compound has no budget."""
    allocations = list(
        FundAllocation.objects.filter(compound_id=compound.pk).values(
            "pk", "work_item__category", "amount"
        )
    )
    if not allocations:
        return None
    paid = {
        row["allocation_id"]: row
        for row in FundPayment.objects.filter(allocation__compound_id=compound.pk)
        .order_by()
        .values("allocation_id")
        .annotate(total=Sum("amount"), count=Count("pk"), latest=Max("paid_on"))
    }
    order = {value: index for index, value in enumerate(WorkCategory.values)}
    groups: dict = {}
    for allocation in allocations:
        category = allocation["work_item__category"]
        group = groups.setdefault(category, {"planned": ZERO, "paid": ZERO, "payments": 0})
        group["planned"] += allocation["amount"]
        row = paid.get(allocation["pk"])
        if row:
            group["paid"] += row["total"]
            group["payments"] += row["count"]
    rows = []
    for category in sorted(groups, key=lambda c: (c is None, order.get(c, len(order)))):
        group = groups[category]
        rows.append(
            {
                "label": WorkCategory(category).label
                if category
                else gettext_lazy("costs of no single work item (design, supervision)"),
                "payments": group["payments"],
                **budget_figures(group["planned"], group["paid"]),
            }
        )
    planned = sum((row["planned"] for row in rows), ZERO)
    total_paid = sum((row["paid"] for row in rows), ZERO)
    return {
        "rows": rows,
        "total": {
            **budget_figures(planned, total_paid),
            "payments": sum(row["payments"] for row in rows),
        },
        "latest": max((row["latest"] for row in paid.values()), default=None),
    }


register_section(
    Section(
        "funds",
        "oversight/funds/public_section.html",
        public_section,
        order=60,
        title=gettext_lazy("Special fund"),
    )
)
