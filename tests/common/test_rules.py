"""common.rules: the rules every app shares, tested without a database."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from common import rules


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (None, None),
        (Decimal(0), 0),
        (Decimal("0.5"), 50),
        (Decimal("0.594"), 59),
        (Decimal("0.595"), 60),  # half up, as the street reports
        (Decimal("0.625"), 63),
        (Decimal(26) / Decimal(30), 87),  # 26 of 30 compounds started: 86.67%, reported as 87%
        (Decimal("0.996"), 99),  # not all done: never shown as 100
        (0.9999, 99),  # a float share is read as its decimal digits
        (Decimal(1), 100),
        (Decimal("1.2"), 120),  # paid past the budget, only possible around the rules
    ],
)
def test_percent_rounds_half_up_and_reads_100_only_when_all_is_done(share, expected):
    assert rules.percent(share) == expected


def test_percent_of_a_whole():
    assert rules.percent_of(26, 30) == 87
    assert rules.percent_of(199, 200) == 99
    assert rules.percent_of(30, 30) == 100
    assert rules.percent_of(1, 0) is None


def test_a_template_shows_the_same_percentage_as_the_rule():
    template = Template(
        "{% load figures %}{{ share|percent }}|{% percent share as p %}{{ p }}|{{ none|percent }}"
    )
    assert template.render(Context({"share": Decimal("0.996"), "none": None})) == "99|99|"


def test_a_day_after_today_is_in_the_future():
    today = datetime.date(2020, 6, 1)
    assert rules.is_in_the_future(datetime.date(2020, 6, 2), today=today)
    assert not rules.is_in_the_future(today, today=today)
    assert not rules.is_in_the_future(None, today=today)


@pytest.mark.parametrize(
    ("text", "given"),
    [(None, False), ("", False), ("  \n", False), ("设计变更", True), (" 补记 ", True)],
)
def test_a_reason_is_anything_but_blanks(text, given):
    assert rules.has_reason(text) is given


def test_yuan_writes_amounts_with_thousands_and_cents():
    assert rules.yuan(Decimal("1234567.8")) == "¥1,234,567.80"
    assert rules.yuan(None) == "¥0.00"
