"""Reverse scheduling on the working calendar and the progress roll-up, without a database."""

import datetime
from decimal import Decimal

import pytest

from progress.rules import (
    WorkingCalendar,
    item_progress,
    milestone_overdue,
    milestone_slack,
    overdue_after,
    reverse_schedule,
    weighted_progress,
)

D = datetime.date

# The official 2020 notice, with the 春节 extension to 2 February (so 1 February is no longer a
# make-up working day), and 劳动节 with its make-up days.
CAL_2020 = WorkingCalendar(
    holidays=[D(2020, 1, 1)]
    + [D(2020, 1, 24) + datetime.timedelta(days=i) for i in range(10)]
    + [D(2020, 5, d) for d in range(1, 6)]
    + [D(2020, 10, d) for d in range(1, 9)],
    workdays=[D(2020, 1, 19), D(2020, 4, 26), D(2020, 5, 9), D(2020, 9, 27), D(2020, 10, 10)],
)
PLAIN = WorkingCalendar()


def test_weekends_are_off_and_make_up_days_are_on():
    assert PLAIN.is_working_day(D(2020, 4, 24))  # Friday
    assert not PLAIN.is_working_day(D(2020, 4, 25))  # Saturday
    assert CAL_2020.is_working_day(D(2020, 4, 26))  # Sunday, worked for 劳动节
    assert not CAL_2020.is_working_day(D(2020, 5, 4))  # Monday, 劳动节
    assert CAL_2020.is_working_day(D(2020, 5, 9))  # Saturday, worked


def test_count_and_start_for_are_inverse():
    finish = D(2020, 5, 15)
    for duration in range(1, 40):
        start = CAL_2020.start_for(finish, duration)
        assert CAL_2020.count(start, finish) == duration
        assert CAL_2020.is_working_day(start)


def test_one_step_ends_on_the_last_working_day_before_the_deadline():
    # 2020-10-04 is inside the 国庆 holiday; the last working day before it is 30 September.
    schedule = reverse_schedule([("paint", 1)], deadline=D(2020, 10, 4), calendar=CAL_2020)
    assert schedule.steps[0].latest_finish == D(2020, 9, 30)
    assert schedule.steps[0].latest_start == D(2020, 9, 30)


def test_steps_chain_backwards_across_holidays_and_make_up_days():
    schedule = reverse_schedule(
        [("demolish", 4), ("pipes", 5), ("paint", 2)], deadline=D(2020, 5, 12), calendar=CAL_2020
    )
    demolish, pipes, paint = schedule.steps
    assert (paint.latest_start, paint.latest_finish) == (D(2020, 5, 11), D(2020, 5, 12))
    # Back from Saturday 9 May (a make-up working day): 9, 8, 7, 6 May, then over the 1-5 May
    # holiday to 30 April.
    assert (pipes.latest_start, pipes.latest_finish) == (D(2020, 4, 30), D(2020, 5, 9))
    # Then 29, 28, 27 and Sunday 26 April (another make-up working day).
    assert (demolish.latest_start, demolish.latest_finish) == (D(2020, 4, 26), D(2020, 4, 29))
    assert schedule.fits


def test_a_deadline_that_cannot_be_met_says_how_many_working_days_are_missing():
    schedule = reverse_schedule(
        [("a", 10), ("b", 10)],
        deadline=D(2020, 12, 31),
        calendar=PLAIN,
        earliest_start=D(2020, 12, 14),  # a Monday: 14 working days are left to the deadline
    )
    assert not schedule.fits
    assert schedule.shortfall == 6
    assert PLAIN.count(schedule.steps[0].latest_start, D(2020, 12, 13)) == 6


def test_a_schedule_with_room_has_no_shortfall():
    schedule = reverse_schedule(
        [("a", 5)], deadline=D(2020, 12, 31), calendar=PLAIN, earliest_start=D(2020, 12, 1)
    )
    assert schedule.fits


def test_signed_count():
    assert PLAIN.signed_count(D(2020, 4, 24), D(2020, 4, 27)) == 1  # Friday to Monday
    assert PLAIN.signed_count(D(2020, 4, 27), D(2020, 4, 24)) == -1
    assert PLAIN.signed_count(D(2020, 4, 27), D(2020, 4, 27)) == 0


@pytest.mark.parametrize(
    ("done", "planned", "expected"),
    [("0", "10", "0"), ("5", "10", "0.5"), ("12", "10", "1"), ("0", "0", "0"), ("1", "0", "1")],
)
def test_item_progress(done, planned, expected):
    assert item_progress(Decimal(done), Decimal(planned)) == Decimal(expected)


def test_weighted_progress_defaults_to_a_plain_mean_with_equal_weights():
    items = [(Decimal("1"), Decimal(1)), (Decimal("0.5"), Decimal(1)), (Decimal("0"), Decimal(1))]
    assert weighted_progress(items) == Decimal("0.5")


def test_weighted_progress_honours_weights_and_empty_sets():
    assert weighted_progress([(Decimal("1"), Decimal(3)), (Decimal("0"), Decimal(1))]) == Decimal(
        "0.75"
    )
    assert weighted_progress([]) is None
    assert weighted_progress([(Decimal("1"), Decimal(0))]) is None


def test_counting_working_days_agrees_with_walking_day_by_day():
    """count() adds up whole weeks; it must agree with asking each day in turn, holidays and
    make-up days included, over ranges short and long."""
    import random

    from progress.holidays import NOTICES, calendar_days

    days = [row for year in NOTICES for row in calendar_days(year)]
    holidays = [day for day, kind, _name in days if kind == "holiday"]
    workdays = [day for day, kind, _name in days if kind == "workday"]
    calendar = WorkingCalendar(holidays=holidays, workdays=workdays)
    rng = random.Random(7)
    for _ in range(300):
        first = datetime.date(2019, 12, 1) + datetime.timedelta(days=rng.randrange(2600))
        last = first + datetime.timedelta(days=rng.randrange(-3, 800))
        walked, day = 0, first
        while day <= last:
            walked += calendar.is_working_day(day)
            day += datetime.timedelta(days=1)
        assert calendar.count(first, last) == walked, (first, last)


# --- The closed loop of a problem (整改闭环): one table, every question read from it ---------


def test_every_move_of_the_loop_is_the_responsible_sides_or_a_verdicts():
    from progress import rules

    for move in rules.LOOP:
        assert rules.can_move(move.current, move.new)
        assert bool(move.verdict) is (move.by == rules.VERIFIER)
        assert rules.is_verifier_move(move.current, move.new) is (move.by == rules.VERIFIER)
    assert rules.VERDICTS == {"close": "closed", "send_back": "sent_back", "reopen": "rectifying"}
    assert frozenset({"open", "rectifying", "submitted", "sent_back"}) == rules.UNRESOLVED


@pytest.mark.parametrize(
    ("current", "statuses", "verdicts"),
    [
        ("open", ["open", "rectifying", "submitted"], []),
        ("rectifying", ["rectifying", "submitted"], []),
        ("submitted", ["submitted"], ["close", "send_back"]),
        ("sent_back", ["sent_back", "rectifying", "submitted"], []),
        ("closed", ["closed"], ["reopen"]),
    ],
)
def test_who_moves_a_problem_where(current, statuses, verdicts):
    from progress import rules

    assert rules.responsible_statuses(current) == statuses
    assert rules.verdicts_from(current) == verdicts


def test_only_sending_back_needs_the_verifiers_note():
    from progress import rules

    assert rules.verdict_needs_note("send_back")
    assert not rules.verdict_needs_note("close")
    assert not rules.verdict_needs_note("reopen")
    assert not rules.verdict_needs_note("approve")
    assert rules.verdict_status("approve") is None
    assert frozenset({"sent_back"}) == rules.NOTED_STATUSES


# A milestone's slack and whether it is overdue (issue 16: slack counted from today).
# 2020-12-18 is a Friday, 2020-12-21 a Monday.
LIMITS = {"latest_start": D(2020, 12, 18), "latest_finish": D(2020, 12, 24)}


def _slack(today, **dates):
    dates = {"actual_start": None, "actual_finish": None, **dates}
    return milestone_slack(today=today, calendar=PLAIN, **LIMITS, **dates)


def _overdue(today, *, compound_completed=False, **dates):
    dates = {"actual_start": None, "actual_finish": None, **dates}
    after = overdue_after(**LIMITS, **dates, compound_completed=compound_completed)
    return milestone_overdue(overdue_after=after, today=today)


def test_slack_of_a_step_not_started_counts_from_today_to_its_latest_start():
    assert _slack(D(2020, 12, 16)) == 2  # Wednesday: Thursday and Friday to spare
    assert _slack(D(2020, 12, 18)) == 0  # the last day it may start
    assert _slack(D(2020, 12, 22)) == -2  # Tuesday after: two working days late
    assert not _overdue(D(2020, 12, 18))
    assert _overdue(D(2020, 12, 22))


def test_slack_of_a_step_under_way_counts_from_today_to_its_latest_finish():
    assert _slack(D(2020, 12, 22), actual_start=D(2020, 12, 15)) == 2
    assert _slack(D(2020, 12, 29), actual_start=D(2020, 12, 15)) == -3
    assert _overdue(D(2020, 12, 29), actual_start=D(2020, 12, 15))


def test_slack_is_negative_exactly_when_the_step_is_overdue_weekends_included():
    for offset in range(-10, 11):
        today = D(2020, 12, 18) + datetime.timedelta(days=offset)
        assert (_slack(today) < 0) == _overdue(today), today
    assert _slack(D(2020, 12, 19)) == -1  # the Saturday after: late, whatever the weekend


def test_a_step_done_keeps_the_slack_it_finished_with_and_is_never_overdue():
    done = {"actual_start": D(2020, 12, 10), "actual_finish": D(2020, 12, 22)}
    assert _slack(D(2021, 3, 1), **done) == 2  # finished two working days before the 24th
    assert not _overdue(D(2021, 3, 1), **done)


def test_a_step_of_a_compound_completed_or_accepted_is_not_overdue_and_has_no_slack():
    assert not _overdue(D(2021, 3, 1), compound_completed=True)
    assert not _overdue(D(2021, 3, 1), actual_start=D(2020, 12, 1), compound_completed=True)
    slack = milestone_slack(
        today=D(2021, 3, 1), calendar=PLAIN, **LIMITS, actual_start=None, actual_finish=None,
        compound_completed=True,
    )  # fmt: skip
    assert slack is None


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("10.38"), "building", 10),
        (Decimal("10.5"), "building", 11),
        (Decimal("2.49"), "machine", 2),
        (Decimal("0.5"), "household", 1),
        (Decimal("3"), "place", 3),
        (Decimal("10.385"), "m2", Decimal("10.39")),
        (Decimal("7.1"), "m", Decimal("7.10")),
        (None, "building", None),
    ],
)
def test_count_units_show_whole_numbers_lengths_and_areas_keep_decimals(value, unit, shown):
    from progress.choices import Unit
    from progress.rules import COUNT_UNITS, quantity_shown

    result = quantity_shown(value, unit)
    assert result == shown and type(result) is type(shown)
    # Every unit of the model is known to the rule: a count or a length/area.
    assert set(Unit.values) - COUNT_UNITS == {"m", "m2", "km"}
