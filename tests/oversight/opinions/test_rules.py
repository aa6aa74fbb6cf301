"""Who may be assigned an opinion (rules.may_take_on), tested without a database."""

import pytest

from oversight.opinions import rules

# The opinion's compound 3, of community 2, of street 1.
PLACE = (1, 2, 3)


@pytest.mark.parametrize(
    ("assignment", "covered"),
    [
        ((1, None, None), True),  # its street's staff
        ((1, 2, None), True),  # its community's staff
        ((1, 2, 3), True),  # the compound's own
        ((1, 9, None), True),  # another community of the street: the street still matches
        ((None, 2, None), True),
        ((None, 9, None), False),  # another community
        ((None, None, 8), False),  # another compound
        ((7, None, None), False),  # another street
        (None, False),  # assigned nowhere
    ],
)
def test_an_assignment_covers_its_street_community_or_compound(assignment, covered):
    assert rules.covers(assignment, PLACE) is covered


def test_an_active_triager_covering_the_compound_may_take_it_on():
    facts = {"active": True, "may_triage": True, "assignment": (None, 2, None), "place": PLACE}
    assert rules.may_take_on(**facts, holds_it=False)
    assert not rules.may_take_on(**{**facts, "active": False}, holds_it=False)
    assert not rules.may_take_on(**{**facts, "may_triage": False}, holds_it=False)
    assert not rules.may_take_on(**{**facts, "assignment": (None, 9, None)}, holds_it=False)


def test_whoever_holds_it_already_stays():
    """Moved elsewhere or no longer a triager since: the holder stays a valid assignee."""
    assert rules.may_take_on(
        active=False, may_triage=False, assignment=None, place=PLACE, holds_it=True
    )
