"""Pages of the residents' opinions.

Public: a resident, with no account, picks their compound, writes an opinion and gets a
receipt code; with the code they follow it. Staff print a slip for an opinion they took down,
and a poster with a QR code for the compound's stairwells and collection point.

Staff: the register of opinions, one opinion with its triage, moderation and merging, opinions
taken down on visits, and what each compound's residents asked for.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common import retention
from common.exports import list_export
from common.forms import add_service_errors, filtered_page, form_notices
from common.rules import percent
from common.views import EditView
from compounds.models import Compound
from compounds.selectors import compound_list

from . import decoys, exports, selectors, services
from .choices import PUBLIC_CHANNELS, Channel, OpinionStatus
from .filtersets import OpinionFilterSet
from .forms import (
    HONEYPOT,
    CompoundSearchForm,
    OpinionForm,
    OpinionMergeForm,
    OpinionModerationForm,
    OpinionRecordForm,
    OpinionTriageForm,
    TrackForm,
)
from .models import Opinion, OpinionPhoto
from .throttles import OpinionSubmitThrottle, OpinionTrackThrottle, seconds_to_wait

# --- Public: the form, its receipt, following an opinion by its code, the slip, the poster ----

# The session key of the code of the opinion this browser sent last (shown on the thanks page).
RECEIPT_KEY = "oversight_receipt_code"
# What the receipt must also say about the opinion sent with that code (the photos left out).
RECEIPT_NOTICES_KEY = "oversight_receipt_notices"
SEARCH_LIMIT = 20


def public_facts(opinion: Opinion) -> dict:
    """Return what anyone holding an opinion's code may read: never a name, a phone or the
    text (a code may be seen by others), only the compound, topics, status and the street's
    published answer. The public API serves the same dictionary."""
    facts = _answer_facts(opinion)
    facts.update(
        code=opinion.code,
        compound=opinion.compound.name,
        topics=opinion.get_topics_display(),
        received_on=timezone.localdate(opinion.received_at),
        merged_into=_answer_facts(opinion.merged_into) if opinion.merged_into_id else None,
    )
    return facts


def facts_by_code(raw_code: str) -> dict | None:
    """What a code holder may read (public_facts), or None for an unknown or malformed code.
    A submission not yet registered reads as received, with its compound and topics, and so
    does the honeypot's decoy (decoys.py), which is stored nowhere else."""
    opinion = selectors.opinion_by_code(raw_code)
    if opinion is not None:
        return public_facts(opinion)
    intake = selectors.intake_by_code(raw_code) or decoys.decoy_by_code(raw_code)
    if intake is None:
        return None
    return {
        "code": intake.code,
        "compound": intake.compound.name,
        "topics": intake.get_topics_display(),
        "received_on": timezone.localdate(intake.received_at),
        "merged_into": None,
        "status": OpinionStatus.RECEIVED,
        "status_label": OpinionStatus.RECEIVED.label,
        "reply": "",
        "replied_on": None,
        "reason": "",
        "work_item": None,
    }


def _answer_facts(opinion: Opinion) -> dict:
    published = opinion.reply_published and bool(opinion.reply.strip())
    item = opinion.work_item
    show_reason = opinion.status in (OpinionStatus.NOT_FEASIBLE, OpinionStatus.CLOSED)
    return {
        "status": opinion.status,
        "status_label": opinion.get_status_display(),
        "reply": opinion.reply if published else "",
        "replied_on": (
            timezone.localdate(opinion.replied_at) if published and opinion.replied_at else None
        ),
        "reason": opinion.reason.strip() if show_reason else "",
        "work_item": (
            {
                "category": item.category,
                "category_label": item.get_category_display(),
                "progress": percent(item.progress),
            }
            if item is not None
            else None
        ),
    }


def rate_limited(request, seconds: int, *, message: str = "", advice: str = ""):
    """The 429 page: when to try again, in words (``message``), what to do meanwhile
    (``advice``), and a Retry-After header."""
    message = message or ngettext(
        "Too many tries from this connection. Please try again in %(seconds)d second.",
        "Too many tries from this connection. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    response = render(
        request,
        "oversight/opinions/rate_limited.html",
        {"message": message, "advice": advice, "seconds": seconds},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _compound_or_none(raw) -> Compound | None:
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return Compound.objects.filter(pk=pk).first()


def _search_page(request, *, error=""):
    form = CompoundSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    matches = None
    if query:
        matches = list(
            Compound.objects.filter(Q(name__icontains=query) | Q(address__icontains=query))
            .select_related("community")
            .order_by("name", "pk")[:SEARCH_LIMIT]
        )
    channel = request.GET.get("channel")
    return render(
        request,
        "oversight/opinions/opinion_search.html",
        {
            "search": form,
            "query": query,
            "matches": matches,
            "error": error,
            "channel": channel if channel in PUBLIC_CHANNELS else "",
        },
    )


def _form_page(request, form, compound, *, wait_message="", status=200):
    return render(
        request,
        "oversight/opinions/opinion_form.html",
        {
            "form": form,
            "compound": compound,
            "data_controller": settings.DATA_CONTROLLER,
            "data_contact": settings.DATA_CONTACT,
            "retention_notice": [kind.notice_line() for kind in retention.kinds()],
            "honeypot": HONEYPOT,
            "wait_message": wait_message,
        },
        status=status,
    )


def _throttled_form(request, seconds: int, *, flood: bool = False):
    """The 429 answer to a submission over a limit: the form again with what the resident
    wrote (photos must be chosen again), and when to send it; or the plain 429 page when the
    post names no compound. ``flood``: the limit on every post (refused ones too) was reached,
    not the one on accepted opinions."""
    compound = _compound_or_none(request.POST.get("compound"))
    if compound is None:
        return rate_limited(request, seconds)
    kept = {name: request.POST.get(name, "") for name in ("building", "unit", "text", "name")}
    kept.update(
        phone=request.POST.get("phone", ""),
        topics=request.POST.getlist("topics"),
        channel=request.POST.get("channel", ""),
    )
    form = OpinionForm(compound=compound, initial=kept)
    if flood:
        message = ngettext(
            "Too many tries from this connection. What you wrote is kept below: "
            "please send it again in %(seconds)d second. Photos must be chosen again.",
            "Too many tries from this connection. What you wrote is kept below: "
            "please send it again in %(seconds)d seconds. Photos must be chosen again.",
            seconds,
        ) % {"seconds": seconds}
    else:
        message = ngettext(
            "Too many opinions were sent from this connection. What you wrote is kept below: "
            "please send it again in %(seconds)d second. Photos must be chosen again.",
            "Too many opinions were sent from this connection. What you wrote is kept below: "
            "please send it again in %(seconds)d seconds. Photos must be chosen again.",
            seconds,
        ) % {"seconds": seconds}
    response = _form_page(request, form, compound, wait_message=message, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _unknown_compound_message():
    return _("We could not find that compound. Please search for it by its name or address.")


@login_not_required
def opinion_new(request):
    """Step 1: find the compound; step 2: the form; then the receipt (opinion_thanks).

    Not an EditView: one address holds the search and the form, an unknown compound shows the
    search again (not a 404), a post over a rate limit is a 429 with the form refilled, the
    honeypot answers as a person is answered (the same refusals, else a receipt whose code is
    a decoy: decoys.py) without a write to the database, and a success is a receipt in the
    session, with no message and no user for the service.

    Two limits per address (throttles.OpinionSubmitThrottle): accepted opinions, checked here
    and counted once one is stored, so a form sent back with a mistake costs nothing; and
    every post, counted here, against floods."""
    if request.method == "POST":
        throttle = OpinionSubmitThrottle()
        wait = seconds_to_wait(throttle, request)
        if wait is not None:
            flood = throttle.refused_scope == throttle.attempt_scope
            return _throttled_form(request, wait, flood=flood)
        # A robot fills the hidden field: it is answered (and counted) exactly as a person,
        # refusals included, but its opinion is a decoy, stored nowhere.
        submit = (
            decoys.decoy_submit
            if request.POST.get(HONEYPOT, "").strip()
            else services.opinion_submit
        )
        compound = _compound_or_none(request.POST.get("compound"))
        if compound is None:
            return _search_page(request, error=_unknown_compound_message())
        form = OpinionForm(request.POST, request.FILES, compound=compound)
        if form.is_valid():
            try:
                intake = submit(**form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[RECEIPT_KEY] = intake.code
                request.session[RECEIPT_NOTICES_KEY] = [intake.code, form_notices(form)]
                throttle.accepted(request)
                return redirect("oversight:opinion_thanks")
        return _form_page(request, form, compound)
    if "compound" in request.GET:
        compound = _compound_or_none(request.GET["compound"])
        if compound is None:
            return _search_page(request, error=_unknown_compound_message())
        channel = request.GET.get("channel")
        form = OpinionForm(
            compound=compound,
            initial={"channel": channel if channel in PUBLIC_CHANNELS else Channel.ONLINE},
        )
        return _form_page(request, form, compound)
    return _search_page(request)


@login_not_required
def opinion_thanks(request):
    """The receipt: the code this browser's last opinion got, never in the address, and what
    was left out of it (photos past the form's budget)."""
    code = request.session.get(RECEIPT_KEY)
    notices_code, notices = request.session.get(RECEIPT_NOTICES_KEY) or (None, [])
    return render(
        request,
        "oversight/opinions/opinion_thanks.html",
        {
            "code": code,
            "notices": notices if code and notices_code == code else [],
            "track_url": request.build_absolute_uri(reverse("oversight:opinion_track")),
        },
    )


@login_not_required
def opinion_track(request):
    """Look an opinion up by its receipt code (GET ?code= or POST); each look-up counts
    against the tracking rate limit. An unknown or malformed code is a 404 with the form."""
    data = request.POST if request.method == "POST" else request.GET
    form = TrackForm(data if "code" in data else None)
    facts = None
    status = 200
    if form.is_bound:
        wait = seconds_to_wait(OpinionTrackThrottle, request)
        if wait is not None:
            return rate_limited(request, wait)
        if form.is_valid():
            facts = facts_by_code(form.cleaned_data["code"])
            if facts is None:
                form.add_error(
                    "code",
                    _(
                        "No opinion has this code. Check it against your receipt, letter by "
                        "letter, and try again."
                    ),
                )
                status = 404
    return render(
        request,
        "oversight/opinions/opinion_track.html",
        {"form": form, "facts": facts},
        status=status,
    )


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_slip(request, pk):
    """A printable receipt slip for an opinion staff took down: its code and where to track it,
    no name and no phone."""
    opinion = get_object_or_404(selectors.opinion_list(user=request.user), pk=pk)
    return render(
        request,
        "oversight/opinions/opinion_slip.html",
        {
            "opinion": opinion,
            "track_url": request.build_absolute_uri(reverse("oversight:opinion_track")),
        },
    )


@permission_required("compounds.view_compound", raise_exception=True)
def compound_poster(request, pk):
    """An A4 poster for the stairwells and the collection point: a QR code to the opinion form,
    with the compound chosen, and the tracking address."""
    import segno

    compound = get_object_or_404(compound_list(user=request.user), pk=pk)
    form_url = request.build_absolute_uri(
        reverse("oversight:opinion_new")
        + "?"
        + urlencode({"compound": compound.pk, "channel": Channel.QR_POSTER})
    )
    qr = segno.make_qr(form_url, error="m")
    return render(
        request,
        "oversight/opinions/compound_poster.html",
        {
            "compound": compound,
            "form_url": form_url,
            # Generated SVG of our own URL: safe to put in the page as it is.
            "qr_svg": qr.svg_inline(scale=8, omitsize=True, title=compound.name),
            "track_url": request.build_absolute_uri(reverse("oversight:opinion_track")),
        },
    )


# --- Staff: the register, an opinion's page and its actions, opinions taken down, tallies -----

# The filters the list page shows; the API takes every filter of the FilterSet.
LIST_FILTERS = (
    "q", "compound", "status", "topic", "channel", "assignee", "replied", "overdue",
    "hidden", "merged", "received_from", "received_until",
)  # fmt: skip


def _opinion(request, pk):
    return get_object_or_404(selectors.opinion_list(user=request.user), pk=pk)


def _compound(request, pk):
    return get_object_or_404(compound_list(user=request.user), pk=pk)


def slip_url(pk) -> str:
    """The printable slip of an opinion (its page belongs to the public part)."""
    try:
        return reverse("oversight:opinion_slip", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/opinions/{pk}/slip/"


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_list(request):
    context = filtered_page(
        request,
        OpinionFilterSet,
        selectors.with_overdue(selectors.opinion_list(user=request.user)),
    )
    if response := list_export(request, context, exports.opinions(request.user)):
        return response
    form = context["filterset"].form
    return render(
        request,
        "oversight/opinions/opinion_list.html",
        {**context, "filter_fields": [form[name] for name in LIST_FILTERS]},
    )


def _detail(request, opinion, *, triage=None, moderation=None, merge=None, status=200):
    """Render an opinion's page, with the forms the user may use (bound ones keep errors)."""
    user = request.user
    can_change = user.has_perm("oversight.change_opinion", opinion)
    if can_change:
        triage = triage or OpinionTriageForm(opinion=opinion)
        moderation = moderation or OpinionModerationForm(
            initial={"hidden": not opinion.hidden, "hidden_reason": opinion.hidden_reason}
        )
        merge = merge or OpinionMergeForm(opinion=opinion, user=user)
    return render(
        request,
        "oversight/opinions/opinion_detail.html",
        {
            "opinion": opinion,
            **selectors.opinion_detail(opinion=opinion, user=user),
            "can_change": can_change,
            "triage_form": triage,
            "moderation_form": moderation,
            "merge_form": merge,
            "slip_url": slip_url(opinion.pk),
        },
        status=status,
    )


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_detail(request, pk):
    return _detail(request, _opinion(request, pk))


class OpinionAction(EditView):
    """A form on an opinion's page (its triage, its moderation, its merging), POST only: done,
    back to the opinion's page; refused, the page again with the opinion as stored and the
    form with its reasons."""

    permission = "oversight.view_opinion"
    object_permission = "oversight.change_opinion"
    object_permission_message = _lazy("Your role may not change this opinion.")
    instance_name = "opinion"
    page_form = ""  # the keyword under which _detail() takes the form

    def get_object(self):
        return _opinion(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"opinion": self.object}

    def get_success_url(self, obj):
        return self.object.get_absolute_url()

    def render_form(self, form, status=200):
        # The service may have changed the object in memory before refusing: show it as stored.
        opinion = _opinion(self.request, self.object.pk)
        return _detail(self.request, opinion, **{self.page_form: form})


@method_decorator(require_POST, name="dispatch")
class OpinionTriage(OpinionAction):
    form_class = OpinionTriageForm
    service = services.opinion_triage
    success_message = _lazy("Triage saved.")
    page_form = "triage"


@method_decorator(require_POST, name="dispatch")
class OpinionModerate(OpinionAction):
    form_class = OpinionModerationForm
    service = services.opinion_moderate
    page_form = "moderation"

    def get_form_kwargs(self):
        return {}

    def save(self, form):
        self.hidden = form.cleaned_data["hidden"]
        return super().save(form)

    def get_success_message(self, obj):
        return _("The opinion is hidden.") if self.hidden else _("The opinion is shown again.")


@method_decorator(require_POST, name="dispatch")
class OpinionMerge(OpinionAction):
    form_class = OpinionMergeForm
    service = services.opinion_merge
    instance_name = "duplicate"
    success_message = _lazy("Merged: this opinion is closed as a duplicate.")
    page_form = "merge"

    def get_form_kwargs(self):
        return {"opinion": self.object, "user": self.request.user}


@permission_required("oversight.view_opinion", raise_exception=True)
def opinion_photo(request, pk):
    """Serve an opinion's photo to those who may read the opinion; photos are not public."""
    photo = get_object_or_404(
        OpinionPhoto.objects.filter(opinion__in=selectors.opinion_list(user=request.user)), pk=pk
    )
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


class OpinionRecord(EditView):
    """An opinion staff took down on a home visit, at a collection point or by phone."""

    permission = "oversight.add_opinion"
    object_permission = "oversight.add_opinion"
    object_permission_message = _lazy("You may only record opinions of your compounds.")
    form_class = OpinionRecordForm
    template_name = "oversight/opinions/opinion_record.html"
    service = services.opinion_record

    def get_object(self):
        self.compound = _compound(self.request, self.kwargs["compound_pk"])
        return None

    def permission_target(self):
        return self.compound

    def get_form_kwargs(self):
        return {"compound": self.compound}

    def service_kwargs(self):
        return {"compound": self.compound}

    def service_arguments(self, form):
        return form.service_arguments()

    def get_success_message(self, obj):
        return _(
            "Opinion recorded with receipt code %(code)s. Print the slip for the resident."
        ) % {"code": obj.code}

    def get_context_data(self, **context):
        compound = self.compound
        tally = reverse("oversight:compound_tally", args=[compound.pk])
        return {
            **context,
            "compound": compound,
            "title": _("Record an opinion") + " · " + compound.name,
            "width": "col-lg-7",
            "breadcrumbs": [
                (compound.name, compound.get_absolute_url()),
                (_("What residents asked for"), tally),
            ],
        }


@permission_required("oversight.view_opinion", raise_exception=True)
def compound_tally(request, compound_pk):
    compound = _compound(request, compound_pk)
    return render(
        request,
        "oversight/opinions/compound_tally.html",
        {
            "tally": selectors.compound_tally(compound),
            "compound": compound,
            "can_record": request.user.has_perm("oversight.add_opinion", compound),
        },
    )
