"""Pure rules of the consultations, without a database: the elevator consent thresholds of the
Civil Code, article 278 (民法典第二百七十八条), the figures the pages show for them, and the
order of an elevator addition's stages."""

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import ConsentAnswer, ElevatorStage

# Elevator addition: the Civil Code, article 278 (民法典第二百七十八条).
TAKE_PART_SHARE = Fraction(2, 3)
AGREE_SHARE = Fraction(3, 4)


class Requirement(NamedTuple):
    """One threshold of article 278: the part of a whole (attributes of a ConsentTally) that
    must reach a share, for one of the two steps (taking part, agreeing)."""

    key: str
    step: str  # "take_part" or "agree"
    part: str
    whole: str
    required: Fraction
    is_area: bool


# The four thresholds, the one table the tally's answers (enough_take_part, enough_agree,
# needed) and the pages' figures (consent_figures) are read from: owners and floor area taking
# part, two thirds of all; owners and floor area agreeing, three quarters of those taking part.
THRESHOLDS = (
    Requirement("take_part_owners", "take_part", "taking_part_owners", "owners",
                TAKE_PART_SHARE, is_area=False),
    Requirement("take_part_area", "take_part", "taking_part_area", "area",
                TAKE_PART_SHARE, is_area=True),
    Requirement("agree_owners", "agree", "agreeing_owners", "taking_part_owners",
                AGREE_SHARE, is_area=False),
    Requirement("agree_area", "agree", "agreeing_area", "taking_part_area",
                AGREE_SHARE, is_area=True),
)  # fmt: skip


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

    def _step_met(self, step: str) -> bool:
        return all(figure.met for figure in consent_figures(self, step=step))

    @property
    def enough_take_part(self) -> bool:
        return self._step_met("take_part")

    @property
    def enough_agree(self) -> bool:
        return self._step_met("agree")

    @property
    def consent_reached(self) -> bool:
        return self.enough_take_part and self.enough_agree

    def needed(self) -> dict:
        """How many more owners must take part and agree for each threshold, at least."""
        return {
            rule.step: max(
                0, math.ceil(getattr(self, rule.whole) * rule.required) - getattr(self, rule.part)
            )
            for rule in THRESHOLDS
            if not rule.is_area
        }


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


# From this stage on, a project needs consent under article 278.
CONSENT_INDEX = stage_index(ElevatorStage.CONSENT_REACHED)


def elevator_stage_choices(*, project) -> list[str]:
    """Return the stages a project may move to: back to any earlier stage, its own (to
    correct its day) and the next one."""
    current = stage_index(project.stage)
    return STAGE_ORDER[: min(current + 2, len(STAGE_ORDER))]


# The figures the pages show: each threshold with how far it is from being met.

CENT = Decimal("0.01")  # floor areas are counted to the cent


@dataclass(frozen=True)
class Threshold:
    """One of the four article 278 thresholds, as the pages show it."""

    key: str
    part: object
    whole: object
    needed: object  # the least part that meets the threshold
    share: Fraction  # part / whole
    required: Fraction
    met: bool
    short: object  # how many more owners, or how many more m², are needed (0 when met)
    is_area: bool

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)).quantize(
            Decimal("0.1")
        )

    @property
    def required_label(self) -> str:
        return _("two thirds") if self.required == TAKE_PART_SHARE else _("three quarters")

    def shortfall_message(self) -> str:
        """Say which threshold is short and by how much, as a whole sentence."""
        values = {
            "part": self.part,
            "whole": self.whole,
            "needed": self.needed,
            "short": self.short,
            "share": self.required_label,
        }
        if self.key == "take_part_owners":
            return (
                ngettext(
                    "Owners taking part: %(part)s of %(whole)s; %(share)s is %(needed)s, so "
                    "%(short)s more owner must take part.",
                    "Owners taking part: %(part)s of %(whole)s; %(share)s is %(needed)s, so "
                    "%(short)s more owners must take part.",
                    self.short,
                )
                % values
            )
        if self.key == "take_part_area":
            return (
                _(
                    "Floor area taking part: %(part)s of %(whole)s m²; %(share)s is %(needed)s m², "
                    "so %(short)s m² more must take part."
                )
                % values
            )
        if self.key == "agree_owners":
            if not self.whole:
                return _("Owners agreeing: nobody has taken part yet.")
            return (
                ngettext(
                    "Owners agreeing: %(part)s of the %(whole)s taking part; %(share)s is "
                    "%(needed)s, so %(short)s more owner must agree.",
                    "Owners agreeing: %(part)s of the %(whole)s taking part; %(share)s is "
                    "%(needed)s, so %(short)s more owners must agree.",
                    self.short,
                )
                % values
            )
        if not self.whole:
            return _("Floor area agreeing: nobody has taken part yet.")
        return (
            _(
                "Floor area agreeing: %(part)s of the %(whole)s m² taking part; %(share)s is "
                "%(needed)s m², so %(short)s m² more must agree."
            )
            % values
        )


def _area_needed(share: Fraction, whole: Decimal) -> Decimal:
    exact = share * Fraction(str(whole))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_CEILING
    )


def _threshold(key, part, whole, required, *, is_area) -> Threshold:
    if is_area:
        share = Fraction(str(part)) / Fraction(str(whole)) if whole else Fraction(0)
        needed = _area_needed(required, whole)
        met = bool(whole) and share >= required
        short = Decimal(0) if met else max(needed - part, CENT)
    else:
        share = Fraction(part, whole) if whole else Fraction(0)
        needed = math.ceil(required * whole)
        met = bool(whole) and share >= required
        short = 0 if met else max(needed - part, 1)
    return Threshold(key, part, whole, needed, share, required, met, short, is_area)


def consent_figures(tally: ConsentTally, *, step: str | None = None) -> list[Threshold]:
    """Return the thresholds of article 278 (THRESHOLDS) for a tally, those of one ``step``
    when given: owners and floor area taking part (two thirds of all), owners and floor area
    agreeing (three quarters of those taking part)."""
    return [
        _threshold(
            rule.key,
            getattr(tally, rule.part),
            getattr(tally, rule.whole),
            rule.required,
            is_area=rule.is_area,
        )
        for rule in THRESHOLDS
        if step is None or rule.step == step
    ]


def consent_shortfalls(tally: ConsentTally) -> list[str]:
    """Return a sentence for each threshold not met (none when consent is reached)."""
    if tally.owners == 0:
        return [_("No home of this building is registered yet: add its households first.")]
    return [figure.shortfall_message() for figure in consent_figures(tally) if not figure.met]
