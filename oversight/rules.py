"""Pure rules of the residents' voice: the elevator consent thresholds of the Civil Code,
article 278."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .choices import ConsentAnswer, ElevatorStage

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


# --- The special fund -------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """What an allocation (or a sum of them) planned, paid and has left, in yuan."""

    planned: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.paid

    @property
    def paid_share(self) -> Decimal | None:
        return (self.paid / self.planned) if self.planned else None

    def allows(self, amount: Decimal) -> bool:
        """Whether a payment of ``amount`` stays within what is left."""
        return amount <= self.remaining


# --- Participation ----------------------------------------------------------------------------


def participation_figures(rows) -> dict:
    """Count the participation ledger. ``rows`` are (kind, community id, people, red property)
    tuples. Communities are those whose committees take part; companies, teams and red
    companies are counted by line; building heads and active residents by people; ``people``
    is everyone the ledger brings."""
    figures = {
        "communities": set(),
        "property_companies": 0,
        "red_property_companies": 0,
        "building_heads": 0,
        "volunteer_teams": 0,
        "volunteers": 0,
        "active_residents": 0,
        "people": 0,
    }
    for kind, community_id, people, red in rows:
        figures["people"] += people
        if kind == "committee" and community_id is not None:
            figures["communities"].add(community_id)
        elif kind == "property_company":
            figures["property_companies"] += 1
            figures["red_property_companies"] += int(bool(red))
        elif kind == "building_head":
            figures["building_heads"] += people
        elif kind == "volunteer_team":
            figures["volunteer_teams"] += 1
            figures["volunteers"] += people
        elif kind == "active_resident":
            figures["active_residents"] += people
    figures["communities"] = len(figures["communities"])
    return figures
