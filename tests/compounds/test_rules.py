"""The register's pure rules, without a database."""

import datetime
from decimal import Decimal

import pytest

from compounds import rules
from compounds.choices import CompoundStatus

TODAY = datetime.date(2020, 9, 1)
D = datetime.date


@pytest.mark.parametrize(
    ("started", "total", "expected"),
    [(26, 30, 87), (0, 30, 0), (30, 30, 100), (1, 8, 13), (1, 3, 33), (2, 3, 67), (0, 0, None)],
)
def test_start_rate_rounds_half_up_to_whole_percent(started, total, expected):
    assert rules.start_rate(started, total) == expected


def test_rate_is_exact_before_rounding():
    assert rules.rate(26, 30) == Decimal(26) / Decimal(30)
    assert rules.rate(1, 0) is None


@pytest.mark.parametrize(
    ("status", "started"),
    [
        (CompoundStatus.PLANNED, False),
        (CompoundStatus.STARTED, True),
        (CompoundStatus.COMPLETED, True),
        (CompoundStatus.ACCEPTED, True),
    ],
)
def test_started_includes_every_stage_after_planned(status, started):
    assert rules.is_started(status) is started


def errors(status, started_on=None, completed_on=None, accepted_on=None):
    return rules.compound_date_errors(
        status=status,
        started_on=started_on,
        completed_on=completed_on,
        accepted_on=accepted_on,
        today=TODAY,
    )


def test_consistent_statuses_and_dates_have_no_errors():
    assert errors(CompoundStatus.PLANNED) == {}
    assert errors(CompoundStatus.STARTED, D(2020, 5, 1)) == {}
    assert errors(CompoundStatus.COMPLETED, D(2020, 5, 1), D(2020, 8, 1)) == {}
    assert errors(CompoundStatus.ACCEPTED, D(2020, 5, 1), D(2020, 8, 1), D(2020, 8, 20)) == {}


def test_started_compound_needs_a_start_date():
    assert list(errors(CompoundStatus.STARTED)) == ["started_on"]


def test_accepted_compound_needs_every_date():
    assert set(errors(CompoundStatus.ACCEPTED)) == {"started_on", "completed_on", "accepted_on"}


def test_dates_of_stages_not_reached_are_refused():
    assert list(errors(CompoundStatus.PLANNED, D(2020, 5, 1))) == ["started_on"]
    assert list(errors(CompoundStatus.STARTED, D(2020, 5, 1), D(2020, 6, 1))) == ["completed_on"]


def test_dates_must_follow_each_other():
    found = errors(CompoundStatus.ACCEPTED, D(2020, 5, 1), D(2020, 4, 1), D(2020, 3, 1))
    assert set(found) == {"completed_on", "accepted_on"}


def test_future_dates_are_refused():
    assert list(errors(CompoundStatus.STARTED, D(2020, 9, 2))) == ["started_on"]
