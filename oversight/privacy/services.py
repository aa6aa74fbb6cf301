"""Writes of the residents' data requests: a confirmation code texted (by a task) to the
phone given with an opinion, the resident's request, and the staff's carrying it out (the
correction through the opinions' own service, the erasure in the opinion and every history row
of it) or refusing it with a reason."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import to_python

from common import clock, retention
from compounds.services import require_perm, save_validated

from ..opinions.models import Opinion
from ..opinions.retention import OPINIONS
from ..opinions.services import opinion_triage
from . import rules, selectors, tasks
from .choices import RequestKind, RequestStatus
from .models import PrivacyChallenge, PrivacyRequest
from .retention import REQUESTS

logger = logging.getLogger(__name__)


def _e164(phone) -> str:
    number = to_python(phone, region="CN") if phone else None
    return number.as_e164 if number is not None and number.is_valid() else ""


def privacy_code_request(*, code: str, phone) -> None:
    """Have a confirmation code texted to the phone given with the opinion of receipt code
    ``code``, if ``phone`` is that phone: a task checks and texts (codes.py), once this
    transaction commits, so the page answers at once and in the same time either way. If the
    broker is down, nothing is sent and the resident may start again."""
    e164 = _e164(phone)
    if not e164:
        return
    digest = rules.phone_digest(e164, key=settings.SECRET_KEY)
    transaction.on_commit(lambda: _queue_text(code, digest))


def _queue_text(code: str, digest: str) -> None:
    try:
        tasks.text_confirmation_code.delay(code=code, phone_digest=digest)
    except Exception:  # noqa: BLE001  the broker is unreachable: no text, the page says the same
        logger.warning("could not queue the text of a confirmation code")


@transaction.atomic
def privacy_code_confirm(*, code: str, typed: str, now=None) -> Opinion | None:
    """Return the opinion of receipt code ``code`` if ``typed`` is the last code texted for it,
    still good (PRIVACY_CODE_MINUTES, PRIVACY_CODE_ATTEMPTS tries, once); else None, counting
    the try."""
    now = now or clock.now()
    opinion = selectors.opinion_by_code(code)
    if opinion is None:
        return None
    latest = selectors.latest_challenge(opinion)
    if latest is None:
        return None
    challenge = PrivacyChallenge.objects.select_for_update().get(pk=latest.pk)
    if not rules.challenge_open(
        expires_at=challenge.expires_at,
        attempts=challenge.attempts,
        confirmed_at=challenge.confirmed_at,
        now=now,
        max_attempts=settings.PRIVACY_CODE_ATTEMPTS,
    ):
        return None
    digits = rules.normalise_typed_code(typed)
    if digits is not None and rules.code_matches(
        digits, challenge.code_hash, opinion_id=opinion.pk, key=settings.SECRET_KEY
    ):
        challenge.confirmed_at = now
        challenge.save(update_fields=["confirmed_at"])
        return opinion
    challenge.attempts += 1
    challenge.save(update_fields=["attempts"])
    return None


@transaction.atomic
def privacy_request_make(
    *, opinion: Opinion, kind: str, new_name: str = "", new_phone="", now=None
) -> PrivacyRequest:
    """Record a resident's request about the data of their (confirmed) opinion: seeing it is
    answered at once and recorded as done; a correction or an erasure waits for the street."""
    now = now or clock.now()
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if not rules.may_ask(
        kind, pending_kinds=selectors.pending_kinds(opinion),
        erased=opinion.anonymised_at is not None,
    ):  # fmt: skip
        raise ValidationError(_("This request is already made, or there is nothing to correct."))
    new_name = new_name.strip()
    if kind == RequestKind.CORRECT and not (new_name or new_phone):
        raise ValidationError({"new_name": _("Write the new name, the new phone, or both.")})
    request = PrivacyRequest(opinion=opinion, kind=kind)
    if kind == RequestKind.CORRECT:
        request.new_name, request.new_phone = new_name, new_phone or ""
    if kind == RequestKind.SEE:
        request.status, request.handled_at = RequestStatus.DONE, now
    return save_validated(request, user=None)


def _locked_pending(privacy_request, user) -> PrivacyRequest:
    require_perm(user, "oversight.handle_privacyrequest", privacy_request)
    locked = PrivacyRequest.objects.select_for_update().get(pk=privacy_request.pk)
    if not rules.may_handle(locked.status):
        raise ValidationError(_("This request has already been handled."))
    return locked


@transaction.atomic
def privacy_request_carry_out(*, privacy_request: PrivacyRequest, user, now=None):
    """Do what the resident asked: write the new name or phone into the opinion (through the
    opinions' service, with history), or erase the name, phone and photos."""
    now = now or clock.now()
    locked = _locked_pending(privacy_request, user)
    opinion = locked.opinion
    if locked.kind == RequestKind.CORRECT:
        fields = {}
        if locked.new_name:
            fields["name"] = locked.new_name
        if locked.new_phone:
            fields["phone"] = locked.new_phone
        opinion_triage(opinion=opinion, user=user, **fields)
    elif locked.kind == RequestKind.ERASE:
        _erase_opinion_personal_data(opinion, user=user, now=now)
    locked.status, locked.handled_by, locked.handled_at = RequestStatus.DONE, user, now
    return save_validated(locked, user=user)


@transaction.atomic
def privacy_request_refuse(*, privacy_request: PrivacyRequest, user, reason: str, now=None):
    """Refuse a request, with the reason the resident will read."""
    now = now or clock.now()
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the request is refused: the resident reads it.")}
        )
    locked = _locked_pending(privacy_request, user)
    locked.status, locked.handled_by, locked.handled_at = RequestStatus.REFUSED, user, now
    locked.reason = reason.strip()
    return save_validated(locked, user=user)


def _erase_opinion_personal_data(opinion: Opinion, *, user, now) -> None:
    """Erase the resident's name, phone and photos from ``opinion`` and from every history row
    of it and of its photos, and the names and phones written in its data requests: what
    remains is the opinion's text, which the street answers. The one erase of common.retention,
    as when the period runs out, for the reason the resident asked."""
    at_request = retention.ErasureReason.AT_REQUEST
    retention.personal_data_erase(
        kind=OPINIONS, ids=[opinion.pk], reason=at_request, user=user, now=now
    )
    requests = PrivacyRequest.objects.filter(opinion_id=opinion.pk).values_list("pk", flat=True)
    retention.personal_data_erase(
        kind=REQUESTS, ids=list(requests), reason=at_request, user=user, now=now
    )
