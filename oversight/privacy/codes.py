"""The confirmation code texted to the phone given with an opinion: drawn, stored hashed and
sent by a task (tasks.text_confirmation_code), so that the public page answers in the same time
whether or not the receipt code and the phone match (a text takes the provider's round trip).
Below services.py, which queues the task."""

import hmac
import logging

from django.conf import settings

from common import clock
from common.sms import SmsError, send_text

from ..opinions import selectors as opinion_selectors
from . import rules
from .models import PrivacyChallenge

logger = logging.getLogger(__name__)


def text_confirmation_code(*, code: str, phone_digest: str, now=None) -> bool:
    """Text a new code to the phone of the opinion of receipt code ``code`` if ``phone_digest``
    is that phone's (rules.phone_digest); return whether a text went."""
    now = now or clock.now()
    opinion = opinion_selectors.opinion_by_code(code)
    if opinion is None or opinion.anonymised_at is not None or not opinion.phone:
        return False
    held = rules.phone_digest(opinion.phone.as_e164, key=settings.SECRET_KEY)
    if not hmac.compare_digest(held, phone_digest):
        return False
    secret = rules.new_confirmation_code()
    PrivacyChallenge.objects.create(
        opinion=opinion,
        code_hash=rules.hash_code(secret, opinion_id=opinion.pk, key=settings.SECRET_KEY),
        expires_at=rules.expiry(now, settings.PRIVACY_CODE_MINUTES),
    )
    try:
        send_text(opinion.phone, [secret, str(settings.PRIVACY_CODE_MINUTES)])
    except SmsError as error:
        logger.warning("could not text the confirmation code of opinion %s: %s", opinion.pk, error)
        return False
    return True
