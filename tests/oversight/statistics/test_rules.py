"""The statistics return's pure rules: periods, the two start rates, the effects from the
quantities done (with their units), and the adding up of streets' returns."""

import datetime
from decimal import Decimal

from oversight.statistics import rules
from progress.choices import Unit, WorkCategory


def test_a_month_and_the_year_to_its_end():
    assert rules.month_period(2020, 2) == rules.Period(
        datetime.date(2020, 2, 1), datetime.date(2020, 2, 29)
    )
    assert rules.month_period(2020, 12).end == datetime.date(2020, 12, 31)
    assert rules.year_to_date_period(2020, 7) == rules.Period(
        datetime.date(2020, 1, 1), datetime.date(2020, 7, 31)
    )


def test_the_two_start_rates_follow_from_the_counts_with_the_one_rounding():
    rates = rules.start_rates(
        {
            "started_compounds": 26,
            "planned_compounds": 30,
            "started_households": 2815,
            "planned_households": 3251,
        }
    )
    assert rates == {"start_rate_compounds": 87, "start_rate_households": 87}
    assert rules.start_rates({}) == {"start_rate_compounds": None, "start_rate_households": None}


def test_effects_convert_units_and_say_what_they_did_not_count():
    done = {
        (WorkCategory.PIPELINES, Unit.METRE): Decimal("750"),
        (WorkCategory.PIPELINES, Unit.KILOMETRE): Decimal("1.2"),
        (WorkCategory.PIPELINES, Unit.SQUARE_METRE): Decimal("30"),
        (WorkCategory.PARKING, Unit.PIECE): Decimal("20"),
        (WorkCategory.PARKING, Unit.SQUARE_METRE): Decimal("400"),
        (WorkCategory.ELEVATOR, Unit.MACHINE): Decimal("2"),
        (WorkCategory.FACADE, Unit.SQUARE_METRE): Decimal("6000"),
    }
    effects, not_counted = rules.effects_from(done)
    assert effects["pipelines_km"] == Decimal("1.950")
    assert effects["parking_spaces"] == 20 and effects["elevators"] == 2
    assert effects["childcare"] == 0
    assert not_counted == {
        "pipelines_km": {Unit.SQUARE_METRE: Decimal("30")},
        "parking_spaces": {Unit.SQUARE_METRE: Decimal("400")},
    }


def test_a_districts_figures_are_the_sum_of_its_streets():
    one = dict.fromkeys(rules.KEYS, 1)
    two = {**dict.fromkeys(rules.KEYS, "2"), "pipelines_km": "0.5"}
    total = rules.add_up([one, two, {}])
    assert total["planned_compounds"] == 3 and total["pipelines_km"] == Decimal("1.5")
    assert set(total) == set(rules.KEYS)


def test_figures_a_return_cannot_carry():
    good = dict.fromkeys(rules.KEYS, 1)
    assert rules.figure_errors(good) == []
    assert len(rules.figure_errors({})) == len(rules.KEYS)
    assert rules.figure_errors({**good, "budget": "1.005"}) != []
    assert rules.figure_errors({**good, "budget": "1.05"}) == []
    assert rules.figure_errors({**good, "elevators": True}) != []
    assert rules.figure_errors({**good, "paid": "NaN"}) != []
    assert rules.figure_errors({**good, "paid": "1e999999"}) != []
