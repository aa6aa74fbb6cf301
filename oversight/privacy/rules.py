"""The rules of a resident's data request, without the database: the confirmation code, its
hash and its life, and which requests may be made."""

import datetime
import hashlib
import hmac
import secrets
import unicodedata

from .choices import RequestKind, RequestStatus

CODE_DIGITS = 6


def new_confirmation_code() -> str:
    """Six random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(code: str, *, opinion_id: int, key: str) -> str:
    """The keyed hash a code is stored as (HMAC-SHA256 with the site's secret): six digits
    alone would be read back from a plain hash in a moment."""
    message = f"privacy-code:{opinion_id}:{code}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def code_matches(typed: str, stored_hash: str, *, opinion_id: int, key: str) -> bool:
    return hmac.compare_digest(hash_code(typed, opinion_id=opinion_id, key=key), stored_hash)


def normalise_typed_code(raw: str) -> str | None:
    """The six digits a resident typed (full-width digits and spaces allowed), or None."""
    digits = "".join(
        unicodedata.normalize("NFKC", char) for char in (raw or "") if not char.isspace()
    )
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def challenge_open(*, expires_at, attempts: int, confirmed_at, now, max_attempts: int) -> bool:
    """Whether a texted code may still be tried: not expired, not used, tries left."""
    return confirmed_at is None and now < expires_at and attempts < max_attempts


def expiry(now, minutes: int) -> datetime.datetime:
    return now + datetime.timedelta(minutes=minutes)


def may_ask(kind: str, *, pending_kinds, erased: bool) -> bool:
    """A resident may ask to correct or erase unless the same request is already waiting, and
    not to correct what is already erased; seeing is answered at once."""
    if kind == RequestKind.SEE:
        return True
    if kind in pending_kinds:
        return False
    return not (erased and kind == RequestKind.CORRECT)


def may_handle(status: str) -> bool:
    """Only a waiting request is carried out or refused, once."""
    return status == RequestStatus.PENDING


def phone_digest(e164: str, *, key: str) -> str:
    """The keyed hash of a phone (E.164) that a queued task carries instead of the number."""
    message = f"privacy-phone:{e164}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
