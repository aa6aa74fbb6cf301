"""Pages of the special fund (专项资金): every compound's planned, paid and remaining budget;
a compound's budgets with their payments; setting and changing a budget; recording a payment
with its supporting document; and the document itself, served only to those who may read the
payment.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.exports import list_export
from common.forms import filtered_page
from common.rules import yuan
from common.views import EditView
from compounds.selectors import compound_list, record_changes

from . import documents, exports, selectors, services
from .filtersets import CompoundFundFilterSet
from .forms import AllocationChangeForm, AllocationForm, PaymentForm
from .models import FundAllocation, FundPayment
from .rules import ZERO, budget_figures


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


def _funds_url(compound_pk) -> str:
    return reverse("oversight:compound_funds", kwargs={"compound_pk": compound_pk})


class FundEdit(EditView):
    """A write of a compound's special fund: the compound read in the user's scope (404), the
    write checked on a new record of the compound or on the budget it changes (403, with
    ``object_permission_message``); a page with nothing to do yet says so and goes back to the
    compound's fund page instead."""

    def get_object(self):
        self.compound = _compound(self.request, self.kwargs["compound_pk"])
        return None

    def get(self, request, *args, **kwargs):
        return self.send_back() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.send_back() or super().post(request, *args, **kwargs)

    def send_back(self):
        """A message and a redirect to the compound's fund page when the form cannot be used
        yet (nothing left to budget, no budget to pay out of), else None."""
        return None

    def get_success_url(self, obj):
        return _funds_url(self.compound.pk)

    def get_context_data(self, **context):
        return {
            **context,
            "compound": self.compound,
            "breadcrumbs": [
                (_("Special fund"), reverse("oversight:fund_list")),
                (self.compound.name, self.compound.get_absolute_url()),
            ],
            "cancel_url": _funds_url(self.compound.pk),
        }


class AllocationCreate(FundEdit):
    """Set a budget: for a work item without one, or the compound's general budget."""

    permission = "oversight.add_fundallocation"
    object_permission = "oversight.add_fundallocation"
    object_permission_message = _lazy("Your role may not set budgets of this compound.")
    form_class = AllocationForm
    template_name = "oversight/funds/allocation_form.html"
    service = services.allocation_create

    def permission_target(self):
        return FundAllocation(compound=self.compound)

    def send_back(self):
        self.work_items = selectors.unbudgeted_work_items(compound=self.compound)
        self.general_taken = selectors.has_general_allocation(compound=self.compound)
        if self.general_taken and not self.work_items.exists():
            messages.info(
                self.request,
                _("Every work item and the general pot have a budget: change an amount instead."),
            )
            return redirect(_funds_url(self.compound.pk))
        return None

    def get_form_kwargs(self):
        return {"work_items": self.work_items, "general_taken": self.general_taken}

    def service_kwargs(self):
        return {"compound": self.compound}

    def get_success_message(self, obj):
        return _("Budget set: %(what)s, %(amount)s.") % {
            "what": selectors.allocation_label(obj),
            "amount": yuan(obj.amount),
        }

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "title": f"{_('Set a budget')} · {self.compound.name}",
            "heading": _("Set a budget for %(name)s") % {"name": self.compound.name},
        }


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


class AllocationChange(FundEdit):
    """Change a budget's amount, with the reason (kept in the history)."""

    permission = "oversight.change_fundallocation"
    object_permission = "oversight.change_fundallocation"
    object_permission_message = _lazy("Your role may not change budgets of this compound.")
    form_class = AllocationChangeForm
    template_name = "oversight/funds/allocation_change.html"
    service = services.allocation_change
    instance_name = "allocation"

    def get_object(self):
        allocation = _allocation(self.request, self.kwargs["pk"])
        self.compound = allocation.compound
        return allocation

    def get_form_kwargs(self):
        return {"initial": {"amount": self.object.amount}}

    def get_success_message(self, obj):
        return _("The budget of %(what)s is now %(amount)s.") % {
            "what": selectors.allocation_label(obj),
            "amount": yuan(obj.amount),
        }

    def get_context_data(self, **context):
        allocation = self.object
        if self.request.method == "POST":
            allocation = _allocation(self.request, self.kwargs["pk"])  # as stored
        funds = _funds_url(self.compound.pk)
        context = super().get_context_data(**context)
        return {
            **context,
            "allocation": allocation,
            "label": selectors.allocation_label(allocation),
            "figures": budget_figures(allocation.amount, allocation.paid),
            "title": f"{_('Change the budget')} · {self.compound.name}",
            "heading": _("Change the budget"),
            "breadcrumbs": [*context["breadcrumbs"], (_("Budgets and payments"), funds)],
            "cancel_url": f"{funds}#allocation-{allocation.pk}",
        }


class PaymentCreate(FundEdit):
    """Record a payment out of one of the compound's budgets, with its document."""

    permission = "oversight.add_fundpayment"
    object_permission = "oversight.add_fundpayment"
    object_permission_message = _lazy("Your role may not record payments of this compound.")
    form_class = PaymentForm
    template_name = "oversight/funds/payment_form.html"
    service = services.payment_create

    def permission_target(self):
        return FundPayment(allocation=FundAllocation(compound=self.compound))

    def send_back(self):
        self.allocations = selectors.compound_allocations(compound=self.compound)
        if not self.allocations:
            messages.warning(
                self.request,
                _("This compound has no budget yet: set a budget before recording payments."),
            )
            return redirect(_funds_url(self.compound.pk))
        return None

    def get_form_kwargs(self):
        choices = FundAllocation.objects.filter(compound=self.compound).select_related(
            "work_item__building"
        )
        initial = {}
        chosen = self.request.GET.get("allocation", "")
        if chosen.isdigit() and any(a.pk == int(chosen) for a in self.allocations):
            initial["allocation"] = int(chosen)
        return {"allocations": choices, "initial": initial}

    def get_success_message(self, obj):
        return _("Payment of %(amount)s to %(payee)s recorded.") % {
            "amount": yuan(obj.amount),
            "payee": obj.payee,
        }

    def get_success_url(self, obj):
        return f"{super().get_success_url(obj)}#allocation-{obj.allocation_id}"

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "allocations": self.allocations,
            "width": "col-12",  # of the form's column, beside what each budget has left
            "title": f"{_('Record a payment')} · {self.compound.name}",
            "heading": _("Record a payment of %(name)s") % {"name": self.compound.name},
        }


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
