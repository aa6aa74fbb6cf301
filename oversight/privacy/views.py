"""Pages of the residents' data requests.

Public (/privacy/, no account; a resident of 70 on a phone): step 1, the receipt code and the
phone given with the opinion, and a code is texted to that phone if they match (the page says
the same whether they match or not); step 2, the six digits of the text; step 3, what is held
about them, their requests and what became of them, and the forms to ask for a correction or
an erasure. The confirmed opinion is kept in the session for PRIVACY_SESSION_MINUTES.

Staff: the requests of their compounds, one request's page, carrying it out or refusing it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.forms import add_service_errors, filtered_page
from common.views import EditView

from ..opinions import rules as opinion_rules
from ..opinions.models import Opinion, OpinionPhoto
from ..opinions.selectors import contact_of
from ..opinions.throttles import seconds_to_wait
from ..opinions.views import rate_limited
from . import selectors, services
from .choices import RequestKind, RequestStatus
from .filtersets import PrivacyRequestFilterSet
from .forms import CarryOutForm, ConfirmForm, CorrectForm, EraseForm, LookupForm, RefuseForm
from .throttles import PrivacyCodeThrottle, PrivacyLookupThrottle, PrivacyVerifyThrottle

# Session keys: the receipt code being confirmed and the wrong tries at it; the confirmed
# opinion and until when (a Unix time) its page stays open.
CODE_KEY = "privacy_code"
TRIES_KEY = "privacy_tries"
OPINION_KEY = "privacy_opinion"
UNTIL_KEY = "privacy_until"


def _forget(session) -> None:
    for key in (CODE_KEY, TRIES_KEY, OPINION_KEY, UNTIL_KEY):
        session.pop(key, None)


def _confirmed_opinion(request) -> Opinion | None:
    """The opinion this browser confirmed, while its page is open."""
    pk, until = request.session.get(OPINION_KEY), request.session.get(UNTIL_KEY, 0)
    if pk is None or time.time() > until:
        return None
    return Opinion.objects.select_related("compound").filter(pk=pk).first()


def _minutes_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many tries. Please try again in %(minutes)d minute.",
        "Too many tries. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@login_not_required
def privacy_start(request):
    """Step 1: the receipt code and the phone. Whatever they are, the resident is sent on to
    step 2 with the same words; a text goes only when they match an opinion."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["code"]
        code = opinion_rules.normalise_code(raw) or "".join(raw.upper().split())[:40]
        for throttle in (PrivacyLookupThrottle(), PrivacyCodeThrottle(code)):
            wait = seconds_to_wait(throttle, request)
            if wait is not None:
                return rate_limited(request, wait, message=_minutes_message(wait))
        services.privacy_code_request(code=code, phone=form.cleaned_data["phone"])
        _forget(request.session)
        request.session[CODE_KEY] = code
        request.session[TRIES_KEY] = 0
        return redirect("oversight:privacy_confirm")
    return render(
        request,
        "oversight/privacy/privacy_start.html",
        {"form": form, "data_contact": settings.DATA_CONTACT, "step": 1},
        status=400 if form.is_bound else 200,
    )


@login_not_required
def privacy_confirm(request):
    """Step 2: the six digits. A wrong, expired or used code (or no code at all, when step 1
    did not match) gets the same answer; after PRIVACY_CODE_ATTEMPTS wrong tries, step 1."""
    code = request.session.get(CODE_KEY)
    if not code:
        return redirect("oversight:privacy_start")
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = seconds_to_wait(PrivacyVerifyThrottle, request)
        if wait is not None:
            return rate_limited(request, wait, message=_minutes_message(wait))
        opinion = services.privacy_code_confirm(code=code, typed=form.cleaned_data["answer"])
        if opinion is not None:
            _forget(request.session)
            request.session.cycle_key()  # a new session id for the confirmed page
            request.session[OPINION_KEY] = opinion.pk
            request.session[UNTIL_KEY] = time.time() + 60 * settings.PRIVACY_SESSION_MINUTES
            services.privacy_request_make(opinion=opinion, kind=RequestKind.SEE)
            return redirect("oversight:privacy_data")
        tries = request.session.get(TRIES_KEY, 0) + 1
        request.session[TRIES_KEY] = tries
        if tries >= settings.PRIVACY_CODE_ATTEMPTS:
            _forget(request.session)
            messages.warning(
                request,
                _("That code was wrong too many times. Please start again for a new code."),
            )
            return redirect("oversight:privacy_start")
        form.add_error(
            "answer",
            _(
                "This code is not right, or it has expired. Check the text message and try "
                "again, or start again for a new code."
            ),
        )
        status = 400
    elif form.is_bound:
        status = 400
    return render(
        request,
        "oversight/privacy/privacy_confirm.html",
        {"form": form, "minutes": settings.PRIVACY_CODE_MINUTES, "step": 2},
        status=status,
    )


@login_not_required
def privacy_data(request):
    """Step 3: what is held, the requests made and their status, and the two requests."""
    opinion = _confirmed_opinion(request)
    if opinion is None:
        _forget(request.session)
        return redirect("oversight:privacy_start")
    correct, erase = CorrectForm(), EraseForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leave":
            _forget(request.session)
            messages.success(request, _("You have left the page of your data."))
            return redirect("oversight:privacy_start")
        kind = {"correct": RequestKind.CORRECT, "erase": RequestKind.ERASE}.get(action)
        form = CorrectForm(request.POST) if kind == RequestKind.CORRECT else EraseForm(request.POST)
        if kind is not None and form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("confirm", None)
            try:
                services.privacy_request_make(opinion=opinion, kind=kind, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request is recorded. The street will handle it; look here again "
                      "with your receipt code to see what became of it."),
                )  # fmt: skip
                return redirect("oversight:privacy_data")
        if kind == RequestKind.CORRECT:
            correct = form
        elif kind == RequestKind.ERASE:
            erase = form
        status = 400
    held = selectors.held_data(opinion)
    pending = {r.kind for r in held["requests"] if r.status == RequestStatus.PENDING}
    return render(
        request,
        "oversight/privacy/privacy_data.html",
        {
            "held": held,
            "correct_form": correct,
            "erase_form": erase,
            "may_correct": RequestKind.CORRECT not in pending and not held["erased"],
            "may_erase": RequestKind.ERASE not in pending and not held["erased"],
            "step": 3,
        },
        status=status,
    )


@login_not_required
def privacy_photo(request, pk):
    """A photo of the opinion this browser confirmed (photos are never public)."""
    opinion = _confirmed_opinion(request)
    if opinion is None:
        raise Http404
    photo = get_object_or_404(OpinionPhoto, pk=pk, opinion=opinion)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


# --- Staff ------------------------------------------------------------------------------------

LIST_FILTERS = ("q", "compound", "kind", "status", "created_from", "created_until")


def _privacy_request(request, pk):
    return get_object_or_404(selectors.privacy_request_list(user=request.user), pk=pk)


@permission_required("oversight.handle_privacyrequest", raise_exception=True)
def privacy_request_list(request):
    context = filtered_page(
        request, PrivacyRequestFilterSet, selectors.privacy_request_list(user=request.user)
    )
    form = context["filterset"].form
    return render(
        request,
        "oversight/privacy/privacy_request_list.html",
        {**context, "filter_fields": [form[name] for name in LIST_FILTERS]},
    )


def _detail(request, privacy_request, *, refuse=None, status=200):
    opinion = privacy_request.opinion
    return render(
        request,
        "oversight/privacy/privacy_request_detail.html",
        {
            "privacy_request": privacy_request,
            "opinion": opinion,
            "contact": contact_of(opinion, user=request.user),
            "photo_count": opinion.photos.count(),
            "refuse_form": refuse or RefuseForm(),
            "may_handle": privacy_request.status == RequestStatus.PENDING,
        },
        status=status,
    )


@permission_required("oversight.handle_privacyrequest", raise_exception=True)
def privacy_request_detail(request, pk):
    privacy_request = _privacy_request(request, pk)
    if not request.user.has_perm("oversight.handle_privacyrequest", privacy_request):
        raise Http404
    return _detail(request, privacy_request)


class PrivacyRequestAction(EditView):
    """A form on a request's page, POST only: done, back to the request; refused, the page
    again with the reasons."""

    permission = "oversight.handle_privacyrequest"
    object_permission = "oversight.handle_privacyrequest"
    object_permission_message = _lazy("Your role may not handle this request.")
    instance_name = "privacy_request"

    def get_object(self):
        return _privacy_request(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {}

    def get_success_url(self, obj):
        return obj.get_absolute_url()

    def render_form(self, form, status=200):
        privacy_request = _privacy_request(self.request, self.object.pk)
        refuse = form if isinstance(form, RefuseForm) else None
        if not isinstance(form, RefuseForm):
            for error in form.non_field_errors():
                messages.error(self.request, error)
        return _detail(self.request, privacy_request, refuse=refuse, status=400)


@method_decorator(require_POST, name="dispatch")
class PrivacyRequestCarryOut(PrivacyRequestAction):
    form_class = CarryOutForm
    service = services.privacy_request_carry_out
    success_message = _lazy("Done: the request is carried out.")


@method_decorator(require_POST, name="dispatch")
class PrivacyRequestRefuse(PrivacyRequestAction):
    form_class = RefuseForm
    service = services.privacy_request_refuse
    success_message = _lazy("The request is refused; the resident reads why.")
