"""The levels at which each role files supervision records."""

from oversight.supervision import rules


def test_filing_levels_follow_the_role():
    assert rules.filing_levels(roles={"street_staff"}) == {"street", "firm", "third_party"}
    assert rules.filing_levels(roles={"community_staff"}) == {"community"}
    assert rules.filing_levels(roles={"resident_supervisor"}) == {"residents"}
    assert rules.filing_levels(roles={"district_inspector"}) == set()
    assert rules.filing_levels(roles=set(), administrator=True) == set(rules.ALL_FILING_LEVELS)
