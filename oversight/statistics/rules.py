"""The national statistics return (全国城镇老旧小区改造统计调查制度, 2025) as pure rules: the
figures it counts, in its own terms and units, how a return's rates follow from its counts, and
how the returns of streets add up to a district's (分级实施、逐级汇总)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.rules import percent_of
from progress.choices import Unit, WorkCategory

# What a return file says it is (its data sheet's first rows), and the version of its layout.
FORMAT = "renovation-portal/statistics-return"
VERSION = 1


@dataclass(frozen=True)
class Figure:
    """One counted figure of the return: a stable key (the return file's), its label, its unit
    and its section of the national table."""

    key: str
    label: str
    unit: str
    section: str
    decimals: int = 0


PLAN = "plan"
PROGRESS = "progress"
EFFECTS = "effects"
MONEY = "money"
SECTIONS = {
    PLAN: _("Annual plan (年度计划)"),
    PROGRESS: _("Progress (改造进展情况)"),
    EFFECTS: _("Effects (改造效果情况)"),
    MONEY: _("Money"),
}

# The selections a return is made for (its data sheet's "level").
LEVELS = {
    "plan": _("plan"),
    "street": _("street"),
    "district": pgettext_lazy("area", "district"),
    "city": pgettext_lazy("area", "city"),
}

COMPOUNDS_UNIT = pgettext_lazy("unit", "compounds (个)")
HOUSEHOLDS_UNIT = pgettext_lazy("unit", "households (户)")
BUILDINGS_UNIT = pgettext_lazy("unit", "buildings (栋)")
KM_UNIT = pgettext_lazy("unit", "km")
ELEVATOR_UNIT = pgettext_lazy("unit", "elevators (部)")
PIECES_UNIT = pgettext_lazy("unit", "pieces (个)")
YUAN_UNIT = pgettext_lazy("unit", "yuan (元)")

# The counted figures, in the table's order. The rates are not among them: they follow from
# the counts (start_rates), so a return cannot carry a rate that disagrees with its counts.
FIGURES = (
    Figure("planned_compounds", _("Compounds planned"), COMPOUNDS_UNIT, PLAN),
    Figure("planned_buildings", _("Buildings planned"), BUILDINGS_UNIT, PLAN),
    Figure("planned_households", _("Households planned"), HOUSEHOLDS_UNIT, PLAN),
    Figure("started_compounds", _("Compounds started"), COMPOUNDS_UNIT, PROGRESS),
    Figure("started_households", _("Households in compounds started"), HOUSEHOLDS_UNIT, PROGRESS),
    Figure("completed_compounds", _("Compounds completed"), COMPOUNDS_UNIT, PROGRESS),
    Figure(
        "completed_households", _("Households in compounds completed"), HOUSEHOLDS_UNIT, PROGRESS
    ),
    Figure(
        "pipelines_km",
        _("Old pipelines renewed (water, power, gas, heating, telecom)"),
        KM_UNIT,
        EFFECTS,
        3,
    ),
    Figure("elevators", _("Elevators added"), ELEVATOR_UNIT, EFFECTS),
    Figure("parking_spaces", _("Parking spaces added"), PIECES_UNIT, EFFECTS),
    Figure("ev_chargers", _("EV charging points added"), PIECES_UNIT, EFFECTS),
    Figure("elderly_care", _("Elderly-care facilities added"), PIECES_UNIT, EFFECTS),
    Figure("childcare", _("Childcare facilities added"), PIECES_UNIT, EFFECTS),
    Figure(
        "community_services", _("Other community service facilities added"), PIECES_UNIT, EFFECTS
    ),
    Figure("budget", _("Money budgeted"), YUAN_UNIT, MONEY, 2),
    Figure("paid", _("Money paid"), YUAN_UNIT, MONEY, 2),
)
KEYS = tuple(figure.key for figure in FIGURES)
BY_KEY = {figure.key: figure for figure in FIGURES}

# Where each effect is counted from: the work items of one category, in the units it may be
# recorded in, each with its factor to the effect's unit (pipelines are logged in metres and
# reported in km). A work item of that category in another unit is not counted: the
# statistics page lists such items as "not counted", so that an inspector sees them.
EFFECT_SOURCES = {
    "pipelines_km": (WorkCategory.PIPELINES, {Unit.METRE: Decimal("0.001"), Unit.KILOMETRE: 1}),
    "elevators": (WorkCategory.ELEVATOR, {Unit.ELEVATOR: 1, Unit.MACHINE: 1}),
    "parking_spaces": (WorkCategory.PARKING, {Unit.PIECE: 1}),
    "ev_chargers": (WorkCategory.EV_CHARGING, {Unit.PIECE: 1, Unit.MACHINE: 1}),
    "elderly_care": (WorkCategory.ELDERLY_CARE, {Unit.PIECE: 1, Unit.PLACE: 1}),
    "childcare": (WorkCategory.CHILDCARE, {Unit.PIECE: 1, Unit.PLACE: 1}),
    "community_services": (WorkCategory.COMMUNITY_SERVICE, {Unit.PIECE: 1, Unit.PLACE: 1}),
}


def effects_from(done: dict) -> tuple[dict, dict]:
    """Return the effects from the quantities done, ``{(category, unit): quantity}``, and what
    was not counted (``{effect key: {unit: quantity}}``: a category's quantities in a unit that
    is not the effect's)."""
    effects, not_counted = {}, {}
    for key, (category, units) in EFFECT_SOURCES.items():
        total = Decimal(0)
        for (done_category, unit), quantity in done.items():
            if done_category != category:
                continue
            if unit in units:
                total += Decimal(str(quantity)) * Decimal(str(units[unit]))
            else:
                not_counted.setdefault(key, {})[unit] = Decimal(str(quantity))
        effects[key] = total.quantize(Decimal(1) / 10 ** BY_KEY[key].decimals)
    return effects, not_counted


@dataclass(frozen=True)
class Period:
    """A return's period: a month, or the year to the end of a month (年初至今)."""

    start: datetime.date
    end: datetime.date


def month_period(year: int, month: int) -> Period:
    """Return the period of one month."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return Period(first, following - datetime.timedelta(days=1))


def year_to_date_period(year: int, month: int) -> Period:
    """Return the period from 1 January to the end of ``month``."""
    return Period(datetime.date(year, 1, 1), month_period(year, month).end)


def start_rates(figures: dict) -> dict:
    """Return the two start rates of the national table, as whole percentages (common.rules):
    by compound count (按小区数计) and by household count (按户数计)."""
    return {
        "start_rate_compounds": percent_of(
            figures.get("started_compounds", 0), figures.get("planned_compounds", 0)
        ),
        "start_rate_households": percent_of(
            figures.get("started_households", 0), figures.get("planned_households", 0)
        ),
    }


def add_up(returns) -> dict:
    """Return the sum of several returns' figures (a district's is its streets'), key by key;
    a figure a return lacks counts as nothing."""
    total = dict.fromkeys(KEYS, Decimal(0))
    for figures in returns:
        for key in KEYS:
            total[key] += Decimal(str(figures.get(key) or 0))
    return total


# What a count may not exceed in one return: started and completed are parts of the plan.
PARTS_OF = (
    ("started_compounds", "planned_compounds"),
    ("completed_compounds", "planned_compounds"),
    ("started_households", "planned_households"),
    ("completed_households", "planned_households"),
    ("paid", "budget"),
)


def figure_errors(figures: dict) -> list[str]:
    """Return what is wrong with a return's figures, one sentence each: a figure missing or not
    a number, a negative one, a count with a fraction, a part larger than its whole."""
    errors = []
    values = {}
    for figure in FIGURES:
        value = figures.get(figure.key)
        if value is None or value == "":
            errors.append(_("The figure “%(label)s” (%(key)s) is missing.") % _names(figure))
            continue
        problem = _number_problem(value, figure.decimals)
        if problem:
            errors.append(problem % _names(figure))
        else:
            values[figure.key] = Decimal(str(value).strip())
    for part, whole in PARTS_OF:
        if part in values and whole in values and values[part] > values[whole]:
            errors.append(
                _("“%(part)s” (%(part_value)s) is larger than “%(whole)s” (%(whole_value)s).")
                % {
                    "part": BY_KEY[part].label,
                    "part_value": values[part],
                    "whole": BY_KEY[whole].label,
                    "whole_value": values[whole],
                }
            )
    return errors


# The largest figure a return may carry (the amounts' columns hold 14 digits).
LARGEST = Decimal(10) ** 12


def _number_problem(value, decimals: int):
    """Return the sentence (with %(label)s and %(key)s) of what is wrong with ``value`` as a
    figure of ``decimals`` decimals, or None."""
    if isinstance(value, bool):
        return _("The figure “%(label)s” (%(key)s) is not a number.")
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite():
            return _("The figure “%(label)s” (%(key)s) is not a number.")
        if number < 0:
            return _("The figure “%(label)s” (%(key)s) is negative.")
        if number >= LARGEST:
            return _("The figure “%(label)s” (%(key)s) is too large.")
        if number != round(number, decimals):
            return _("The figure “%(label)s” (%(key)s) has more decimals than its unit allows.")
    except ArithmeticError:
        return _("The figure “%(label)s” (%(key)s) is not a number.")
    return None


def _names(figure: Figure) -> dict:
    return {"label": figure.label, "key": figure.key}
