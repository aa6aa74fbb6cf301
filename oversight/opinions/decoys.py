"""The honeypot's receipts: a robot that fills the public form's hidden field (forms.HONEYPOT)
is answered as a person, with a well-formed receipt code, and that code then behaves as a real
one wherever a visitor can look (the thanks page, following it by its code on the page or the
API): a new opinion, received, with its compound and topics.

Nothing of it is written to the database: a decoy is kept in the cache for
OPINION_DECOY_DAYS days, under its code, with what a receipt shows (compound, topics, when it
was received). It meets the same checks as a person's submission first, so a robot's invalid
input is refused with the same errors and the honeypot is not told apart by a difference.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from common import clock
from compounds.models import Compound

from . import rules, services
from .choices import Channel
from .models import Opinion, OpinionIntake

KEY = "opinions:decoy:{code}"


def decoy_submit(
    *,
    compound_id: int,
    text: str,
    topics,
    consent: bool,
    building_id: int | None = None,
    unit: str = "",
    name: str = "",
    phone="",
    photos=(),
    channel: str = Channel.ONLINE,
) -> OpinionIntake:
    """Answer a robot's submission as services.opinion_submit answers a person's: the same
    refusals (ValidationError), else a receipt (an OpinionIntake, never saved) whose code is
    kept in the cache only. The text, name, phone and photos are dropped unread."""
    services.check_submission(consent=consent, channel=channel, topics=topics)
    place = Compound.objects.filter(pk=compound_id)
    if building_id is not None:
        place = place.filter(buildings__pk=building_id)
    if not place.exists():
        services.refuse_unknown_place(compound_id, building_id)
    received_at = clock.now()
    code = _new_code(received_at)
    decoy = {"compound_id": compound_id, "topics": sorted(set(topics)), "received_at": received_at}
    cache.set(KEY.format(code=code), decoy, timeout=settings.OPINION_DECOY_DAYS * 24 * 60 * 60)
    return _receipt(code, decoy)


def decoy_by_code(raw_code: str) -> OpinionIntake | None:
    """The decoy a typed code names, as the receipt of a submission not yet registered (never
    saved), or None when it names none (a malformed code, a real one, or one past its days)."""
    code = rules.normalise_code(raw_code)
    if code is None:
        return None
    decoy = cache.get(KEY.format(code=code))
    if decoy is None:
        return None
    receipt = _receipt(code, decoy)
    try:
        receipt.compound  # noqa: B018  a compound deleted since: no receipt either
    except Compound.DoesNotExist:
        return None
    return receipt


def _receipt(code: str, decoy: dict) -> OpinionIntake:
    return OpinionIntake(
        code=code,
        compound_id=decoy["compound_id"],
        received_at=decoy["received_at"],
        payload={"topics": decoy["topics"]},
    )


def _new_code(received_at) -> str:
    """A well-formed code that no opinion, submission or other decoy holds."""
    year = timezone.localtime(received_at).year
    while True:
        code = rules.new_code(settings.OPINION_CODE_PREFIX, year)
        if not (
            cache.get(KEY.format(code=code)) is not None
            or Opinion.objects.filter(code=code).exists()
            or OpinionIntake.objects.filter(code=code).exists()
        ):
            return code
