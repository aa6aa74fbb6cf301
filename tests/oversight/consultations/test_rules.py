"""The article 278 thresholds (民法典第二百七十八条), without a database: rules.consent_tally and
the figures the pages show (rules.consent_figures / consent_shortfalls).

Two thirds of the owners, holding two thirds of the floor area, must take part; three quarters
of those taking part, by number and by floor area, must agree. No answer counts as not taking
part, and so does "not taking part".
"""

from decimal import Decimal

import pytest

from oversight.consultations.choices import ConsentAnswer
from oversight.consultations.rules import consent_figures, consent_shortfalls, consent_tally

pytestmark = pytest.mark.usefixtures("english")

AGREE, DISAGREE, ABSTAIN = ConsentAnswer.AGREE, ConsentAnswer.DISAGREE, ConsentAnswer.ABSTAIN


def homes(*areas):
    return [(number, Decimal(area)) for number, area in enumerate(areas, start=1)]


def by_key(tally):
    return {figure.key: figure for figure in consent_figures(tally)}


def test_exactly_two_thirds_taking_part_and_three_quarters_agreeing_passes():
    """6 homes of 80 m²: 4 take part (exactly 2/3 of owners and area), 3 of them agree
    (exactly 3/4)."""
    tally = consent_tally(
        homes(80, 80, 80, 80, 80, 80), {1: AGREE, 2: AGREE, 3: AGREE, 4: DISAGREE}
    )
    assert tally.enough_take_part and tally.enough_agree and tally.consent_reached
    assert all(figure.met for figure in consent_figures(tally))
    assert consent_shortfalls(tally) == []


def test_just_under_two_thirds_of_the_owners_fails():
    """100 homes: 66 taking part is under 2/3 (66.67), 67 is enough."""
    areas = homes(*[50] * 100)
    tally = consent_tally(areas, dict.fromkeys(range(1, 67), AGREE))
    assert not tally.enough_take_part
    figure = by_key(tally)["take_part_owners"]
    assert (figure.met, figure.needed, figure.short) == (False, 67, 1)
    assert consent_tally(areas, dict.fromkeys(range(1, 68), AGREE)).consent_reached


def test_two_thirds_of_the_owners_but_not_of_the_area_fails():
    """Two of three homes take part, but they hold 200 of 300.01 m², just under 2/3."""
    tally = consent_tally(homes("100", "100", "100.01"), {1: AGREE, 2: AGREE})
    figures = by_key(tally)
    assert figures["take_part_owners"].met
    assert not figures["take_part_area"].met
    assert figures["take_part_area"].short == Decimal("0.01")
    assert not tally.consent_reached


def test_two_thirds_of_the_area_but_not_of_the_owners_fails():
    """A large home and one small one hold 250 of 350 m² but are only 2 of 4 owners."""
    tally = consent_tally(homes(200, 50, 50, 50), {1: AGREE, 2: AGREE})
    figures = by_key(tally)
    assert figures["take_part_area"].met
    assert not figures["take_part_owners"].met
    assert figures["take_part_owners"].short == 1
    assert not tally.consent_reached


def test_three_quarters_agreeing_by_number_but_not_by_area_fails():
    tally = consent_tally(
        homes("100", "100", "100", "100.04"), {1: AGREE, 2: AGREE, 3: AGREE, 4: DISAGREE}
    )
    figures = by_key(tally)
    assert tally.enough_take_part
    assert figures["agree_owners"].met
    assert not figures["agree_area"].met
    assert figures["agree_area"].needed == Decimal("300.03")
    assert figures["agree_area"].short == Decimal("0.03")
    assert not tally.consent_reached


def test_three_quarters_agreeing_by_area_but_not_by_number_fails():
    """The one large home agrees (320 of 410 m² taking part), but only 2 of 4 owners agree."""
    tally = consent_tally(homes(300, 20, 50, 40), {1: AGREE, 2: AGREE, 3: DISAGREE, 4: DISAGREE})
    figures = by_key(tally)
    assert figures["agree_area"].met
    assert not figures["agree_owners"].met
    assert figures["agree_owners"].short == 1
    assert not tally.consent_reached


def test_no_answer_and_not_taking_part_count_as_not_taking_part():
    tally = consent_tally(homes(80, 80, 80), {1: AGREE, 2: ABSTAIN})
    assert (tally.owners, tally.taking_part_owners, tally.agreeing_owners) == (3, 1, 1)
    assert tally.taking_part_area == Decimal(80)
    assert not tally.enough_take_part
    assert tally.enough_agree  # the one taking part agrees
    assert by_key(tally)["take_part_owners"].short == 1


def test_agreeing_is_counted_among_those_taking_part():
    """Disagreeing owners take part: 3 agree, 1 disagrees, 2 give no answer."""
    tally = consent_tally(homes(*[60] * 6), {1: AGREE, 2: AGREE, 3: AGREE, 4: DISAGREE})
    assert tally.taking_part_owners == 4
    assert tally.disagreeing_owners == 1
    assert tally.consent_reached


def test_a_building_without_registered_homes_reaches_nothing():
    tally = consent_tally([], {})
    assert not tally.consent_reached
    assert not any(figure.met for figure in consent_figures(tally))
    assert consent_shortfalls(tally) == [
        "No home of this building is registered yet: add its households first."
    ]


def test_nobody_taking_part_yet():
    tally = consent_tally(homes(80, 80, 80), {})
    figures = by_key(tally)
    assert figures["take_part_owners"].short == 2
    assert figures["agree_owners"].short == 1  # at least one must agree
    assert "nobody has taken part yet" in " ".join(consent_shortfalls(tally))


def test_shortfalls_name_each_threshold_and_how_much_is_missing():
    """9 homes of 70 m²: 3 take part (2 agree) — 3 more owners must take part."""
    tally = consent_tally(homes(*[70] * 9), {1: AGREE, 2: AGREE, 3: DISAGREE})
    lines = consent_shortfalls(tally)
    assert lines[0] == (
        "Owners taking part: 3 of 9; two thirds is 6, so 3 more owners must take part."
    )
    assert lines[1] == (
        "Floor area taking part: 210 of 630 m²; two thirds is 420.00 m², so 210.00 m² more "
        "must take part."
    )
    assert lines[2] == (
        "Owners agreeing: 2 of the 3 taking part; three quarters is 3, so 1 more owner must agree."
    )
    assert len(lines) == 4 and lines[3].startswith("Floor area agreeing: 140 of the 210 m²")


def test_figures_agree_with_the_tally_and_needed():
    tally = consent_tally(homes(*[70] * 9), {1: AGREE, 2: AGREE, 3: DISAGREE})
    figures = by_key(tally)
    assert figures["take_part_owners"].short == tally.needed()["take_part"]
    assert figures["agree_owners"].short == tally.needed()["agree"]
    assert figures["take_part_owners"].percent == Decimal("33.3")


def test_one_table_holds_the_four_thresholds():
    from fractions import Fraction

    from oversight.consultations.rules import THRESHOLDS

    assert [(rule.key, rule.required) for rule in THRESHOLDS] == [
        ("take_part_owners", Fraction(2, 3)),
        ("take_part_area", Fraction(2, 3)),
        ("agree_owners", Fraction(3, 4)),
        ("agree_area", Fraction(3, 4)),
    ]


AREAS = (50, 70, 90, 120)


@pytest.mark.parametrize("answers", [
    {},
    {1: AGREE, 2: AGREE, 3: AGREE},  # three of four take part, and all agree
    {1: AGREE, 2: AGREE, 3: DISAGREE},  # two of three agree: short of three quarters
    {2: AGREE, 3: AGREE, 4: AGREE},
    {1: AGREE, 2: AGREE, 4: ABSTAIN},  # half take part
    {1: AGREE, 2: AGREE, 3: AGREE, 4: DISAGREE},  # 3 of 4 owners, but 210 of 330 m²
    {1: DISAGREE, 2: AGREE, 3: AGREE, 4: AGREE},  # 3 of 4 owners, 280 of 330 m²
])  # fmt: skip
def test_the_tallys_answer_is_its_figures_answer(answers):
    """enough_take_part, enough_agree and consent_reached say what the four figures say, and
    what article 278 says, read directly."""
    tally = consent_tally(homes(*AREAS), answers)
    figures = by_key(tally)
    take = [figures["take_part_owners"].met, figures["take_part_area"].met]
    agree = [figures["agree_owners"].met, figures["agree_area"].met]
    assert tally.enough_take_part is all(take)
    assert tally.enough_agree is all(agree)
    taking = [area for home, area in homes(*AREAS) if answers.get(home) in (AGREE, DISAGREE)]
    agreeing = [area for home, area in homes(*AREAS) if answers.get(home) == AGREE]
    reached = (
        3 * len(taking) >= 2 * len(AREAS)
        and 3 * sum(taking) >= 2 * sum(AREAS)
        and 4 * len(agreeing) >= 3 * len(taking)
        and 4 * sum(agreeing) >= 3 * sum(taking)
        and len(taking) > 0
    )
    assert tally.consent_reached is reached


def test_nothing_to_count_reaches_nothing():
    tally = consent_tally([], {})
    assert not tally.enough_take_part and not tally.enough_agree
    assert tally.needed() == {"take_part": 0, "agree": 0}
