"""Pure rules of the residents' voice: receipt codes, triage moves, masking and the elevator
consent thresholds of the Civil Code, article 278."""

import secrets
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .choices import ConsentAnswer, ElevatorStage, OpinionStatus

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


# Elevator addition: the Civil Code, article 278 (民法典第二百七十八条).
TAKE_PART_SHARE = Fraction(2, 3)
AGREE_SHARE = Fraction(3, 4)


@dataclass(frozen=True)
class ConsentTally:
    owners: int
    area: Decimal
    taking_part_owners: int
    taking_part_area: Decimal
    agreeing_owners: int
    agreeing_area: Decimal
    disagreeing_owners: int

    @staticmethod
    def _share(part, whole) -> Fraction:
        return Fraction(str(part)) / Fraction(str(whole)) if whole else Fraction(0)

    @property
    def taking_part_owner_share(self) -> Fraction:
        return self._share(self.taking_part_owners, self.owners)

    @property
    def taking_part_area_share(self) -> Fraction:
        return self._share(self.taking_part_area, self.area)

    @property
    def agreeing_owner_share(self) -> Fraction:
        return self._share(self.agreeing_owners, self.taking_part_owners)

    @property
    def agreeing_area_share(self) -> Fraction:
        return self._share(self.agreeing_area, self.taking_part_area)

    @property
    def enough_take_part(self) -> bool:
        return (
            self.owners > 0
            and self.taking_part_owner_share >= TAKE_PART_SHARE
            and self.taking_part_area_share >= TAKE_PART_SHARE
        )

    @property
    def enough_agree(self) -> bool:
        return (
            self.taking_part_owners > 0
            and self.agreeing_owner_share >= AGREE_SHARE
            and self.agreeing_area_share >= AGREE_SHARE
        )

    @property
    def consent_reached(self) -> bool:
        return self.enough_take_part and self.enough_agree

    def needed(self) -> dict:
        """How many more owners must take part and agree for each threshold, at least."""
        import math

        take_part = max(0, math.ceil(self.owners * TAKE_PART_SHARE) - self.taking_part_owners)
        agree = max(0, math.ceil(self.taking_part_owners * AGREE_SHARE) - self.agreeing_owners)
        return {"take_part": take_part, "agree": agree}


def consent_tally(households, answers: dict) -> ConsentTally:
    """Count a building's consultation. ``households`` are (id, floor area) pairs; ``answers``
    maps a household id to its ConsentAnswer. No answer counts as not taking part."""
    owners = taking = agreeing = disagreeing = 0
    area = taking_area = agreeing_area = Decimal(0)
    for household_id, floor_area in households:
        owners += 1
        area += floor_area
        answer = answers.get(household_id)
        if answer in (ConsentAnswer.AGREE, ConsentAnswer.DISAGREE):
            taking += 1
            taking_area += floor_area
            if answer == ConsentAnswer.AGREE:
                agreeing += 1
                agreeing_area += floor_area
            else:
                disagreeing += 1
    return ConsentTally(
        owners=owners,
        area=area,
        taking_part_owners=taking,
        taking_part_area=taking_area,
        agreeing_owners=agreeing,
        agreeing_area=agreeing_area,
        disagreeing_owners=disagreeing,
    )


STAGE_ORDER = list(ElevatorStage.values)
# The date field of the project that records the day each stage was reached.
STAGE_DATES = {
    ElevatorStage.CONSULTING: "consulting_since",
    ElevatorStage.CONSENT_REACHED: "consent_reached_on",
    ElevatorStage.APPLYING: "applied_on",
    ElevatorStage.APPROVED: "approved_on",
    ElevatorStage.INSTALLING: "installing_since",
    ElevatorStage.IN_SERVICE: "in_service_since",
}


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


# --- Supervision ------------------------------------------------------------------------------

# The quality items a check offers by default (others may be added on the record). From the
# street's own concerns in the article: safety, dust control, materials, the works themselves.
QUALITY_CHECKLIST = (
    "施工围挡与安全防护",
    "扬尘管控（覆盖、洒水、车辆冲洗）",
    "材料合格证与进场验收",
    "管线铺设深度与回填",
    "楼道粉刷平整无空鼓",
    "暖气管道试压",
    "消防通道畅通",
    "文明施工与渣土清运",
)
# The levels at which each role files supervision records: the street also files what its
# hired supervision firm and the third party found.
FILING_LEVELS = {
    "street_staff": {"street", "firm", "third_party"},
    "community_staff": {"community"},
    "resident_supervisor": {"residents"},
}
ALL_FILING_LEVELS = frozenset().union(*FILING_LEVELS.values())


def filing_levels(*, roles, administrator: bool = False) -> set[str]:
    """Return the levels at which a user holding ``roles`` may file supervision records."""
    if administrator:
        return set(ALL_FILING_LEVELS)
    return set().union(*(FILING_LEVELS.get(role, set()) for role in roles))
