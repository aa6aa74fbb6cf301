"""The levels at which each role files supervision records, what a failed check must say and
when its fix may be due."""

import datetime

from oversight.supervision import rules


def test_filing_levels_follow_the_role():
    assert rules.filing_levels(roles={"street_staff"}) == {"street", "firm", "third_party"}
    assert rules.filing_levels(roles={"community_staff"}) == {"community"}
    assert rules.filing_levels(roles={"resident_supervisor"}) == {"residents"}
    assert rules.filing_levels(roles={"district_inspector"}) == set()
    assert rules.filing_levels(roles=set(), administrator=True) == set(rules.ALL_FILING_LEVELS)


def test_a_failed_item_needs_a_note_and_a_passed_one_does_not():
    assert rules.needs_note(passed=False, note="")
    assert rules.needs_note(passed=False, note="   ")
    assert rules.needs_note(passed=False, note=None)
    assert not rules.needs_note(passed=False, note="围挡破损")
    assert not rules.needs_note(passed=True, note="")


def test_a_fix_may_not_be_due_before_its_check():
    check = datetime.date(2026, 5, 10)
    assert rules.fix_due_before_check(date=check, deadline=check - datetime.timedelta(days=1))
    assert not rules.fix_due_before_check(date=check, deadline=check)
    assert not rules.fix_due_before_check(date=check, deadline=check + datetime.timedelta(days=7))
    assert not rules.fix_due_before_check(date=check, deadline=None)  # the service sets a week
