"""Reads of the residents' data requests: the staff's, scoped to the user; the resident's,
by the opinion they confirmed."""

from django.db.models import QuerySet
from django.utils import timezone

from compounds.selectors import scoped

from ..opinions import selectors as opinion_selectors
from ..opinions.models import Opinion
from .models import PrivacyChallenge, PrivacyRequest


def privacy_request_list(*, user) -> QuerySet:
    return scoped(
        PrivacyRequest.objects.select_related("opinion__compound", "handled_by"), user
    ).order_by("-created", "-pk")


def opinion_by_code(raw_code: str) -> Opinion | None:
    """The registered opinion of a typed receipt code, or None (a submission not yet registered
    holds nothing to see yet)."""
    return opinion_selectors.opinion_by_code(raw_code)


def latest_challenge(opinion: Opinion) -> PrivacyChallenge | None:
    """The last code texted for ``opinion`` (only the last one may be used)."""
    return PrivacyChallenge.objects.filter(opinion=opinion).order_by("-created", "-pk").first()


def held_data(opinion: Opinion) -> dict:
    """What the portal holds about the resident of ``opinion``, shown to them once they have
    confirmed their phone: their name and phone as stored, the opinion's text, its photos, and
    their requests with what became of them."""
    phone = opinion.phone
    return {
        "code": opinion.code,
        "compound": opinion.compound.name,
        "received_on": timezone.localdate(opinion.received_at),
        "name": opinion.name,
        "phone": phone.as_national if phone else "",
        "text": opinion.text,
        "photos": list(opinion.photos.order_by("pk")),
        "erased": opinion.anonymised_at is not None,
        "requests": list(opinion.privacy_requests.order_by("-created", "-pk")),
    }


def pending_kinds(opinion: Opinion) -> set[str]:
    return set(opinion.privacy_requests.filter(status="pending").values_list("kind", flat=True))
