"""Pages of the special fund (专项资金): every compound's planned, paid and remaining budget;
a compound's budgets with their payments; setting and changing a budget; recording a payment
with its supporting document; and the document itself, served only to those who may read the
payment.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.exports import list_export
from common.forms import add_service_errors, filtered_page
from compounds.permissions import require_object_perm
from compounds.selectors import compound_list, record_changes

from . import documents, exports, selectors, services
from .filtersets import CompoundFundFilterSet
from .forms import AllocationChangeForm, AllocationForm, PaymentForm
from .models import FundAllocation, FundPayment
from .rules import ZERO, budget_figures, yuan


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


def _allocation(request, pk):
    return get_object_or_404(selectors.allocation_list(user=request.user), pk=pk)


@permission_required("oversight.view_fundallocation", raise_exception=True)
def fund_list(request):
    """Every compound of the user's scope with its planned, paid and remaining budget; the
    totals of the compounds the filters select at the top."""
    compounds = selectors.compound_fund_list(user=request.user)
    context = filtered_page(request, CompoundFundFilterSet, compounds)
    if response := list_export(request, context, exports.FUNDS):
        return response
    filterset = context["filterset"]
    context["page"].object_list = selectors.compound_rows(context["page"].object_list)
    form = filterset.form
    return render(
        request,
        "oversight/funds/fund_list.html",
        {
            **context,
            "totals": selectors.fund_totals(
                filterset.qs if filterset.is_valid() else compounds.none()
            ),
            "filter_fields": [form[name] for name in ("q", "plan", "community", "nearly_spent")],
        },
    )


@permission_required("oversight.view_fundallocation", raise_exception=True)
def compound_funds(request, compound_pk):
    """A compound's budgets, each with what was paid out of it and its payments."""
    compound = _compound(request, compound_pk)
    allocations = selectors.compound_allocations(compound=compound)
    planned = sum((a.figures["planned"] for a in allocations), ZERO)
    paid = sum((a.figures["paid"] for a in allocations), ZERO)
    probe = FundAllocation(compound=compound)
    user = request.user
    return render(
        request,
        "oversight/funds/compound_funds.html",
        {
            "compound": compound,
            "allocations": allocations,
            "totals": budget_figures(planned, paid),
            "payment_count": sum(a.payment_count for a in allocations),
            "can_add": user.has_perm("oversight.add_fundallocation", probe),
            "can_change": user.has_perm("oversight.change_fundallocation", probe),
            "can_pay": user.has_perm("oversight.add_fundpayment", FundPayment(allocation=probe)),
            "can_see_payments": user.has_perm("oversight.view_fundpayment"),
            "unbudgeted": selectors.unbudgeted_work_items(compound=compound).count(),
            "has_general": selectors.has_general_allocation(compound=compound),
        },
    )


@permission_required("oversight.add_fundallocation", raise_exception=True)
def allocation_create(request, compound_pk):
    compound = _compound(request, compound_pk)
    require_object_perm(
        request.user,
        "oversight.add_fundallocation",
        FundAllocation(compound=compound),
        _("Your role may not set budgets of this compound."),
    )
    work_items = selectors.unbudgeted_work_items(compound=compound)
    general_taken = selectors.has_general_allocation(compound=compound)
    if general_taken and not work_items.exists():
        messages.info(
            request,
            _("Every work item and the general pot have a budget: change an amount instead."),
        )
        return redirect("oversight:compound_funds", compound_pk=compound.pk)
    form = AllocationForm(request.POST or None, work_items=work_items, general_taken=general_taken)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(
                user=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Budget set: %(what)s, %(amount)s.")
                % {
                    "what": selectors.allocation_label(allocation),
                    "amount": yuan(allocation.amount),
                },
            )
            return redirect("oversight:compound_funds", compound_pk=compound.pk)
    return render(
        request,
        "oversight/funds/allocation_form.html",
        {"form": form, "compound": compound},
    )


@permission_required("oversight.view_fundallocation", raise_exception=True)
def allocation_detail(request, pk):
    """A budget: its figures, its payments and the history of its amount."""
    allocation = _allocation(request, pk)
    payments = (
        allocation.payments.select_related("recorded_by").order_by("-paid_on", "-pk")
        if request.user.has_perm("oversight.view_fundpayment")
        else None
    )
    return render(
        request,
        "oversight/funds/allocation_detail.html",
        {
            "allocation": allocation,
            "compound": allocation.compound,
            "label": selectors.allocation_label(allocation),
            "figures": budget_figures(allocation.amount, allocation.paid),
            "payments": payments,
            "changes": record_changes(allocation, excluded=("updated", "created")),
            "can_change": request.user.has_perm("oversight.change_fundallocation", allocation),
            "can_pay": request.user.has_perm(
                "oversight.add_fundpayment", FundPayment(allocation=allocation)
            ),
        },
    )


@permission_required("oversight.change_fundallocation", raise_exception=True)
def allocation_change(request, pk):
    """Change a budget's amount, with the reason (kept in the history)."""
    allocation = _allocation(request, pk)
    require_object_perm(
        request.user,
        "oversight.change_fundallocation",
        allocation,
        _("Your role may not change budgets of this compound."),
    )
    form = AllocationChangeForm(request.POST or None, initial={"amount": allocation.amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_change(
                allocation=allocation, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The budget of %(what)s is now %(amount)s.")
                % {
                    "what": selectors.allocation_label(allocation),
                    "amount": yuan(allocation.amount),
                },
            )
            return redirect("oversight:compound_funds", compound_pk=allocation.compound_id)
        allocation = _allocation(request, pk)  # as stored
    return render(
        request,
        "oversight/funds/allocation_change.html",
        {
            "form": form,
            "allocation": allocation,
            "compound": allocation.compound,
            "label": selectors.allocation_label(allocation),
            "figures": budget_figures(allocation.amount, allocation.paid),
        },
    )


@permission_required("oversight.add_fundpayment", raise_exception=True)
def payment_create(request, compound_pk):
    """Record a payment out of one of the compound's budgets, with its document."""
    compound = _compound(request, compound_pk)
    require_object_perm(
        request.user,
        "oversight.add_fundpayment",
        FundPayment(allocation=FundAllocation(compound=compound)),
        _("Your role may not record payments of this compound."),
    )
    allocations = selectors.compound_allocations(compound=compound)
    if not allocations:
        messages.warning(
            request, _("This compound has no budget yet: set a budget before recording payments.")
        )
        return redirect("oversight:compound_funds", compound_pk=compound.pk)
    choices = FundAllocation.objects.filter(compound=compound).select_related("work_item__building")
    initial = {}
    chosen = request.GET.get("allocation", "")
    if chosen.isdigit() and any(a.pk == int(chosen) for a in allocations):
        initial["allocation"] = int(chosen)
    form = PaymentForm(
        request.POST or None, request.FILES or None, allocations=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.payment_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Payment of %(amount)s to %(payee)s recorded.")
                % {"amount": yuan(payment.amount), "payee": payment.payee},
            )
            url = reverse("oversight:compound_funds", kwargs={"compound_pk": compound.pk})
            return redirect(f"{url}#allocation-{payment.allocation_id}")
    return render(
        request,
        "oversight/funds/payment_form.html",
        {"form": form, "compound": compound, "allocations": allocations},
    )


@permission_required("oversight.view_fundpayment", raise_exception=True)
def payment_document(request, pk):
    """Serve a payment's supporting document to those who may read the payment; documents
    are never public files."""
    payment = get_object_or_404(selectors.payment_list(user=request.user), pk=pk)
    if not payment.document:
        raise Http404(_("This payment has no document."))
    try:
        handle = payment.document.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document's file is missing.")) from None
    content_type = documents.document_content_type(payment)
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type == "application/pdf",
        filename=documents.document_filename(payment),
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
