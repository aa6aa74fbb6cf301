"""Pure rules of the residents' opinions: receipt codes, triage moves, who may be assigned an
opinion, and masking (the consultations draw their households' codes and mask their owners'
names with these too)."""

import secrets

from django.utils.translation import gettext_lazy as _

from .choices import OpinionStatus

# Crockford's base 32: no I, L, O or U, so a code read aloud or retyped is hard to get wrong.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"  # the 37 check symbols
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_LENGTH = 8


def _check_symbol(body: str) -> str:
    value = 0
    for char in body:
        value = value * 32 + ALPHABET.index(char)
    return CHECK_ALPHABET[value % 37]


def new_code(prefix: str, year: int, *, token=secrets.choice) -> str:
    """Return a receipt code such as WH-2020-K7QD-3MXA8: the street's prefix, the year, eight
    random symbols (2^40 possibilities, so codes cannot be guessed or enumerated) and a check
    symbol that catches a mistyped one."""
    body = "".join(token(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}{_check_symbol(body)}"


def normalise_code(raw: str) -> str | None:
    """Return the canonical form of a typed code, or None when it cannot be one (wrong shape or
    check symbol). Case, spaces, missing hyphens and O/I/L for 0/1 are forgiven."""
    cleaned = "".join((raw or "").upper().split()).replace("-", "")
    if len(cleaned) < 4 + 1 + RANDOM_LENGTH + 1 or len(cleaned) > 40:
        return None
    tail = cleaned[-(RANDOM_LENGTH + 1) :]
    head = cleaned[: -(RANDOM_LENGTH + 1)]
    year, prefix = head[-4:], head[:-4]
    if not (year.isdigit() and prefix.isalpha()):
        return None
    body, check = tail[:-1].translate(_READ_AS), tail[-1]
    if check not in "*~$=U":
        check = check.translate(_READ_AS)
    if any(char not in ALPHABET for char in body) or _check_symbol(body) != check:
        return None
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}{check}"


# Triage (分拣): who may move an opinion where is checked by the services; this is what moves.
OPINION_MOVES = {
    OpinionStatus.RECEIVED: {OpinionStatus.IN_REVIEW, OpinionStatus.CLOSED},
    OpinionStatus.IN_REVIEW: {
        OpinionStatus.ACCEPTED,
        OpinionStatus.ANSWERED,
        OpinionStatus.NOT_FEASIBLE,
        OpinionStatus.CLOSED,
    },
    OpinionStatus.ACCEPTED: {OpinionStatus.CLOSED, OpinionStatus.IN_REVIEW},
    OpinionStatus.ANSWERED: {OpinionStatus.CLOSED, OpinionStatus.IN_REVIEW},
    OpinionStatus.NOT_FEASIBLE: {OpinionStatus.CLOSED, OpinionStatus.IN_REVIEW},
    OpinionStatus.CLOSED: {OpinionStatus.IN_REVIEW},  # reopened
}
DECIDED = {OpinionStatus.ACCEPTED, OpinionStatus.ANSWERED, OpinionStatus.NOT_FEASIBLE}


def can_move(old: str, new: str) -> bool:
    return old == new or new in OPINION_MOVES.get(old, set())


# Who may be assigned an opinion (承办人). The one sentence of the refusal.
NOT_ON_THESE_OPINIONS = _("This person does not work on this compound's opinions.")


def covers(assignment, place) -> bool:
    """Whether an assignment, a (street id, community id, compound id) triple with None for
    the levels it does not name, covers a compound at ``place`` (the same triple, in full)."""
    if assignment is None:
        return False
    return any(
        mine is not None and mine == theirs for mine, theirs in zip(assignment, place, strict=True)
    )


def may_take_on(*, active: bool, may_triage: bool, assignment, place, holds_it: bool) -> bool:
    """Whether a person may be assigned an opinion of the compound at ``place``: the person
    who holds it already stays (even if moved elsewhere since); anyone else must be an active
    user whose role may triage opinions and whose assignment covers the compound (its street,
    its community or itself). selectors.assignee_choices offers the same people."""
    return holds_it or (active and may_triage and covers(assignment, place))


def mask_phone(phone: str) -> str:
    """138****8000: the first three and last four digits of a mainland mobile number."""
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits:
        return ""
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_name(name: str) -> str:
    """张** : the family name only."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def retention_start(*, status: str, closed_at, updated):
    """When the period an opinion's personal data is kept for starts: its closing, or, for
    one never closed (any other status, even one left waiting), its last change."""
    if status == OpinionStatus.CLOSED and closed_at is not None:
        return closed_at
    return updated
