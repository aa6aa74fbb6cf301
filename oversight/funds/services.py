"""The special fund (专项资金): writes of its budgets and payments, and the checks that refuse
them.

"高效利用专项资金，将改造资金用在最需要的地方": a payment beyond what an allocation has left is
refused; the budget must be raised first, with a reason kept in the history. A budget is never
lowered below what has been paid out of it. A payment comes with its supporting document,
checked by .documents.clean_document.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.rules import has_reason, yuan
from compounds.permissions import require_object_perm
from compounds.services import require_in_scope, save_validated

from .documents import clean_document
from .models import FundAllocation, FundPayment
from .selectors import allocation_budget

REASON_MAX = 200


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
    if not has_reason(reason):
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
