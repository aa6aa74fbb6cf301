"""Pages of the district inspections (督导): the list, a visit's page with its requirements, the
problems they raised, the street's answer and the figures then and now; recording and
correcting a visit and adding requirements (the inspection group); answering (the street)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from common import clock
from common.exports import list_export
from common.forms import filtered_page
from common.views import EditView

from . import exports, selectors, services
from .filtersets import InspectionFilterSet
from .forms import AnswerForm, InspectionForm, RequirementForm
from .models import Inspection

VIEW = "oversight.view_inspection"


def _inspection(request, pk) -> Inspection:
    return get_object_or_404(selectors.inspection_list(user=request.user), pk=pk)


def _breadcrumbs(inspection=None):
    """The list, and the visit when the page is one of a visit's."""
    crumbs = [(_("District inspections"), reverse("oversight:inspection_list"))]
    if inspection is not None:
        crumbs.append(
            (f"{inspection.street.name} {inspection.date:%Y-%m-%d}", inspection.get_absolute_url())
        )
    return crumbs


@permission_required(VIEW, raise_exception=True)
def inspection_list(request):
    context = filtered_page(
        request, InspectionFilterSet, selectors.inspection_list(user=request.user)
    )
    if response := list_export(request, context, exports.INSPECTIONS):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/inspections/inspection_list.html",
        {
            **context,
            "filter_fields": [
                form[name]
                for name in ("q", "street", "date_from", "date_to", "answered", "compound")
            ],
            "can_add": services.may_record(request.user),
        },
    )


def _last_group(user) -> str:
    """The group the user last recorded a visit for: most visits are by the same group."""
    last = Inspection.objects.filter(recorded_by=user).order_by("-created").first()
    return last.group if last else ""


class InspectionCreate(EditView):
    """Record a visit: choose the street first (when the user covers several), then the
    visit; the street's figures are frozen on it as they stand."""

    permission = "oversight.add_inspection"
    form_class = InspectionForm
    template_name = "oversight/inspections/inspection_form.html"
    service = services.inspection_create
    success_message = _lazy(
        "Inspection recorded, with the street's figures as they stand today. Now add "
        "its requirements."
    )

    def get_object(self):
        self.streets = selectors.inspection_street_choices(user=self.request.user)
        self.chosen = self.request.POST.get("street") or self.request.GET.get("street") or ""
        street = self.streets.filter(pk=self.chosen).first() if self.chosen.isdigit() else None
        if street is None and not self.chosen:
            only = list(self.streets[:2])
            street = only[0] if len(only) == 1 else None
        self.street = street
        return None

    def get(self, request, *args, **kwargs):
        if self.street is None:
            return self.choose_street()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.street is None:
            return self.choose_street()
        return super().post(request, *args, **kwargs)

    def choose_street(self):
        """The streets the user covers, to choose the visited one from (again, when the one
        chosen is not among them)."""
        if self.chosen:
            messages.error(self.request, _("Choose one of the streets you cover."))
        return render(
            self.request,
            "oversight/inspections/inspection_street.html",
            {"streets": self.streets},
        )

    def get_form_kwargs(self):
        return {
            "compounds": selectors.inspection_compound_choices(street=self.street),
            "initial": {"date": clock.today(), "group": _last_group(self.request.user)},
        }

    def service_kwargs(self):
        return {"street": self.street}

    def get_context_data(self, **context):
        return {
            **context,
            "street": self.street,
            "several_streets": self.streets.count() > 1,
            "title": _("Record a visit"),
            "width": "col-lg-8",
            "breadcrumbs": _breadcrumbs(),
            "cancel_url": reverse("oversight:inspection_list"),
        }


def _detail_page(request, inspection, *, answer_form=None, status=200):
    user = request.user
    can_answer = services.may_answer(user, inspection)
    if can_answer and answer_form is None:
        answer_form = AnswerForm(
            initial={
                "answer": inspection.answer,
                "answered_on": inspection.answered_on or clock.today(),
            }
        )
    return render(
        request,
        "oversight/inspections/inspection_detail.html",
        {
            "inspection": inspection,
            **selectors.inspection_detail(inspection=inspection, user=user),
            "can_record": services.may_record(user, inspection),
            "answer_form": answer_form if can_answer else None,
        },
        status=status,
    )


@permission_required(VIEW, raise_exception=True)
def inspection_detail(request, pk):
    return _detail_page(request, _inspection(request, pk))


class VisitEdit(EditView):
    """A form of the inspection group on one of its visits: the visit is read in the user's
    scope (404), then the page is refused to all but the group (403, with ``refusal``)."""

    permission = VIEW
    refusal = ""

    def get_object(self):
        self.inspection = _inspection(self.request, self.kwargs["pk"])
        return None

    def check_object_permission(self):
        if not services.may_record(self.request.user, self.inspection):
            raise PermissionDenied(self.refusal)

    def get_form_kwargs(self):
        compounds = selectors.inspection_compound_choices(street=self.inspection.street)
        return {**super().get_form_kwargs(), "compounds": compounds}

    def get_success_url(self, obj):
        return self.inspection.get_absolute_url()

    def get_context_data(self, **context):
        return {
            **context,
            "inspection": self.inspection,
            "breadcrumbs": _breadcrumbs(self.inspection),
            "cancel_url": self.inspection.get_absolute_url(),
        }


class InspectionUpdate(VisitEdit):
    refusal = _lazy(
        "Only the district's inspection group changes its record of a visit; the street "
        "writes its answer on the inspection's page."
    )
    form_class = InspectionForm
    template_name = "oversight/inspections/inspection_form.html"
    service = services.inspection_update
    instance_name = "inspection"

    def get_object(self):
        super().get_object()
        return self.inspection

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "street": self.inspection.street,
            "title": _("Correct the record of a visit"),
            "width": "col-lg-8",
        }


class RequirementCreate(VisitEdit):
    refusal = _lazy("Only the district's inspection group adds requirements to its inspections.")
    form_class = RequirementForm
    template_name = "oversight/inspections/requirement_form.html"
    service = services.requirement_add

    def service_kwargs(self):
        return {"inspection": self.inspection}

    def get_success_message(self, obj):
        if obj.rectification_id:
            return _("Requirement added, and put on %(compound)s's problems to fix.") % {
                "compound": obj.compound.name
            }
        return _("Requirement added.")

    def get_success_url(self, obj):
        if "another" in self.request.POST:
            return reverse(
                "oversight:inspection_requirement_create", kwargs={"pk": self.inspection.pk}
            )
        return super().get_success_url(obj)

    def get_context_data(self, **context):
        return {
            **super().get_context_data(**context),
            "title": _("Add a requirement"),
            "width": "col-lg-7",
        }


@method_decorator(require_POST, name="dispatch")
class InspectionAnswer(EditView):
    """The street's answer, in the form on the inspection's page: a refusal shows the page
    again, with the inspection as stored and the form with its reasons."""

    permission = VIEW
    form_class = AnswerForm
    service = services.inspection_answer
    success_message = _lazy("The street's answer is recorded.")

    def get_object(self):
        self.inspection = _inspection(self.request, self.kwargs["pk"])
        return None

    def check_object_permission(self):
        if not services.may_answer(self.request.user, self.inspection):
            raise PermissionDenied(
                _("Only the street's staff answer an inspection; the inspection group records "
                  "the visit and its requirements.")
            )  # fmt: skip

    def service_kwargs(self):
        return {"inspection": self.inspection}

    def get_success_url(self, obj):
        return self.inspection.get_absolute_url()

    def render_form(self, form, status=200):
        # The service may have set the refused answer on the instance: show it as stored.
        inspection = _inspection(self.request, self.kwargs["pk"])
        return _detail_page(self.request, inspection, answer_form=form)
