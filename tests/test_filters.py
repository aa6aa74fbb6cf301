"""common.filters: the shared filters refuse what they cannot read with a message."""

import datetime

import pytest
from django import forms

from common.filters import MomentField
from oversight.funds.filtersets import FundAllocationFilterSet
from oversight.models import FundAllocation


def test_a_moment_with_an_offset_is_read_in_utc():
    moment = MomentField().clean("0489-08-09T06:03:08+16:18")
    assert moment == datetime.datetime(489, 8, 8, 13, 45, 8, tzinfo=datetime.UTC)


def test_a_moment_outside_the_years_once_in_utc_is_refused():
    field = MomentField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("0001-01-01T00:00:00+05:00")
    assert refused.value.code == "out_of_range"


@pytest.mark.django_db
def test_an_offset_postgresql_cannot_hold_still_filters(world):
    """PostgreSQL allows offsets up to ±15:59; read in UTC, the filter asks for what it can."""
    filterset = FundAllocationFilterSet(
        {"updated__gte": "0489-08-09T06:03:08+16:18"}, queryset=FundAllocation.objects.all()
    )
    assert filterset.is_valid()
    assert list(filterset.qs) == list(FundAllocation.objects.all())


def test_the_api_answers_a_moment_out_of_range_with_400_and_the_reason(world, login, en):
    client = login(world.users["admin"])
    too_early = "0001-01-01T00:00:00+05:00"
    response = client.get("/api/v1/fund-allocations/", {"updated__gte": too_early})
    assert response.status_code == 400
    message = "Enter a date and time between the years 1 and 9999."
    assert response.json() == {"updated__gte": [message]}
