"""The special fund (专项资金): reads and writes of its budgets and payments.

A compound's budget is the sum of its allocations: one per work item, and one general pot for
costs of no single item (design, supervision). Each payment is made out of one allocation,
with its supporting document. "高效利用专项资金，将改造资金用在最需要的地方": a payment beyond
what an allocation has left is refused; the budget must be raised first, with a reason kept in
the history. A budget is never lowered below what has been paid out of it.

Supporting documents are accepted by their content, never by their name: a PDF (it starts
with ``%PDF-``), or a JPEG or PNG image that Pillow can read (re-encoded, so its metadata,
such as a phone's GPS position, is dropped). They are stored under a random name and served
only by a view that checks the reader's scope, never from a public media URL.

Imported by OversightConfig.ready(): at module level it registers the fund panel of a
compound's page and the "funds" section of the public disclosure page.
"""

import io
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
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
from PIL import Image, ImageOps, UnidentifiedImageError

from compounds.models import Compound
from compounds.panels import Panel
from compounds.panels import register as register_panel
from compounds.permissions import require_object_perm
from compounds.selectors import scoped
from compounds.services import require_in_scope, save_validated
from progress.choices import WorkCategory
from progress.models import WorkItem

from .. import rules
from ..disclosure.rules import percent as disclosure_percent
from ..disclosure.sections import Section, register_section
from ..models import FundAllocation, FundPayment

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)
NEARLY_SPENT = Decimal("0.9")  # "over 90% spent"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_PIXELS = 40_000_000
REASON_MAX = 200
PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def yuan(amount) -> str:
    """Return an amount as the pages write it: ¥1,234,567.89."""
    return f"¥{Decimal(amount or 0):,.2f}"


def share_percent(share: Decimal | None) -> int | None:
    """Return a paid share as a whole percentage; 100 only when all is paid (the public
    pages' rounding of progress, disclosure.percent)."""
    return disclosure_percent(share)


def budget_figures(planned, paid) -> dict:
    """Return the figures a page shows of a budget: planned, paid, remaining, paid percent."""
    budget = rules.Budget(Decimal(planned or 0), Decimal(paid or 0))
    return {
        "planned": budget.planned,
        "paid": budget.paid,
        "remaining": budget.remaining,
        "percent": share_percent(budget.paid_share),
        "nearly_spent": budget.planned > 0 and budget.paid >= budget.planned * NEARLY_SPENT,
    }


# --- Reads ------------------------------------------------------------------------------------


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


def compound_budget(*, compound) -> rules.Budget:
    """Return what a compound planned and paid in all, in one query."""
    row = with_fund_figures(Compound.objects.filter(pk=compound.pk)).values("planned", "paid")
    row = row.first() or {"planned": ZERO, "paid": ZERO}
    return rules.Budget(row["planned"], row["paid"])


def allocation_budget(*, allocation) -> rules.Budget:
    """Return what an allocation planned and what was paid out of it (read now)."""
    paid = FundPayment.objects.filter(allocation_id=allocation.pk).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    return rules.Budget(Decimal(allocation.amount), paid)


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


# --- Supporting documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A checked supporting document: its content, ready to store, and its kind."""

    content: bytes
    extension: str  # "pdf", "jpg" or "png"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def _not_a_document():
    return ValidationError(
        _(
            "This file is neither a PDF nor a JPEG or PNG image. Scan or photograph the "
            "invoice, contract page or acceptance sheet, and upload that file."
        ),
        code="format",
    )


def _clean_image(data: bytes) -> Document:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_a_document() from None
    if image_format not in {"JPEG", "PNG"}:
        raise _not_a_document()
    if width * height > MAX_DOCUMENT_PIXELS:
        raise ValidationError(
            _("The image has too many pixels: scan it at a lower resolution and upload it again."),
            code="too_many_pixels",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            out = io.BytesIO()
            if image_format == "JPEG":
                upright = ImageOps.exif_transpose(image)  # stays upright once EXIF is gone
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(out, format="JPEG", quality=90, optimize=True)
                return Document(out.getvalue(), "jpg")
            image.save(out, format="PNG", optimize=True)
            return Document(out.getvalue(), "png")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_a_document() from None


def clean_document(upload) -> Document:
    """Check a supporting document by its content: a PDF, JPEG or PNG of at most 10 MB.
    Images are re-encoded without their metadata. Raise ValidationError saying why not."""
    if upload is None or not getattr(upload, "size", None):
        raise ValidationError(
            _("Attach the supporting document: a PDF, JPEG or PNG of the invoice or contract."),
            code="required",
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is too large: at most %(mb)d MB. Scan it at a lower resolution.")
            % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is too large: at most %(mb)d MB. Scan it at a lower resolution.")
            % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if data.startswith(PDF_MAGIC):
        return Document(data, "pdf")
    if data.startswith(JPEG_MAGIC) or data.startswith(PNG_MAGIC):
        return _clean_image(data)
    raise _not_a_document()


def document_content_type(payment) -> str:
    """Return the content type of a stored document, from the extension the service gave it."""
    extension = payment.document.name.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def document_filename(payment) -> str:
    """Return the name a downloaded document gets: compound, day and payment number."""
    extension = payment.document.name.rsplit(".", 1)[-1].lower()
    compound = payment.allocation.compound.name
    return f"{compound}-{payment.paid_on:%Y%m%d}-{payment.pk}.{extension}"


# --- Writes -----------------------------------------------------------------------------------


def _require(user, perm: str, obj, message: str):
    if user is not None:
        require_object_perm(user, perm, obj, message)


def _budget_exists_message(work_item) -> str:
    if work_item is None:
        return _("The compound has a general budget already: change its amount instead.")
    return _("This work item has a budget already: change its amount instead.")


@transaction.atomic
def allocation_create(*, user, compound, work_item=None, amount, note: str = "") -> FundAllocation:
    """Set a budget of the special fund: for one work item of a compound, or (without a work
    item) the compound's general pot. One of each at most."""
    allocation = FundAllocation(
        compound=compound, work_item=work_item, amount=amount, note=(note or "").strip()
    )
    require_in_scope(
        user, allocation, "compound", _("You may only set budgets of compounds you work on.")
    )
    _require(
        user,
        "oversight.add_fundallocation",
        allocation,
        _("Your role may not set budgets of the special fund."),
    )
    if work_item is not None and work_item.compound_id != compound.pk:
        raise ValidationError({"work_item": _("This work item belongs to another compound.")})
    if FundAllocation.objects.filter(compound=compound, work_item=work_item).exists():
        raise ValidationError({"work_item": _budget_exists_message(work_item)})
    try:
        with transaction.atomic():
            return save_validated(allocation, user=user)
    except IntegrityError:  # set at the same moment by someone else
        raise ValidationError({"work_item": _budget_exists_message(work_item)}) from None


@transaction.atomic
def allocation_change(*, allocation, user, amount, reason: str) -> FundAllocation:
    """Change a budget's amount. The reason is required and kept in the history; the budget
    cannot go below what has already been paid out of it."""
    _require(
        user,
        "oversight.change_fundallocation",
        allocation,
        _("Your role may not change budgets of the special fund."),
    )
    locked = FundAllocation.objects.select_for_update().get(pk=allocation.pk)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the budget changes: the reason is kept in the history.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX}
    if amount is None:
        errors["amount"] = _("Enter the new budget in yuan.")
    else:
        amount = Decimal(amount)
        paid = allocation_budget(allocation=locked).paid
        if amount < paid:
            errors["amount"] = _(
                "%(paid)s has already been paid out of this budget, so it cannot be lowered to "
                "%(amount)s. Enter %(paid)s or more."
            ) % {"paid": yuan(paid), "amount": yuan(amount)}
        elif amount == locked.amount:
            errors["amount"] = _("The budget is %(amount)s already: enter the new amount.") % {
                "amount": yuan(amount)
            }
    if errors:
        raise ValidationError(errors)
    locked.amount = amount
    save_validated(locked, user=user, reason=reason)
    allocation.amount = locked.amount
    return locked


@transaction.atomic
def payment_create(
    *, user, allocation, paid_on, payee: str, amount, document, note: str = ""
) -> FundPayment:
    """Record a payment out of an allocation, with its supporting document. The allocation is
    locked while its remaining budget is checked, so two payments at the same moment cannot
    together go beyond it."""
    locked = FundAllocation.objects.select_for_update().get(pk=allocation.pk)
    payment = FundPayment(
        allocation=locked,
        paid_on=paid_on,
        payee=(payee or "").strip(),
        amount=amount,
        note=(note or "").strip(),
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    require_in_scope(
        user, payment, "allocation", _("You may only record payments of compounds you work on.")
    )
    _require(
        user,
        "oversight.add_fundpayment",
        payment,
        _("Your role may not record payments of the special fund."),
    )
    errors: dict[str, list] = {}
    try:
        payment.full_clean(exclude=["document"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        checked = clean_document(document)
    except ValidationError as error:
        errors["document"] = error.messages
    if "amount" not in errors and amount is not None:
        budget = allocation_budget(allocation=locked)
        if not budget.allows(Decimal(amount)):
            errors["amount"] = [
                _(
                    "Only %(remaining)s remains of this budget (%(planned)s planned, %(paid)s "
                    "paid), so a payment of %(amount)s is refused. Raise the budget first, "
                    "giving the reason, then record the payment."
                )
                % {
                    "remaining": yuan(budget.remaining),
                    "planned": yuan(budget.planned),
                    "paid": yuan(budget.paid),
                    "amount": yuan(amount),
                }
            ]
    if errors:
        raise ValidationError(errors)
    payment.document.save(
        f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False
    )
    try:
        return save_validated(payment, user=user)
    except Exception:
        payment.document.delete(save=False)
        raise


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


register_section(Section("funds", "oversight/funds/public_section.html", public_section, order=60))
