"""Fixtures of the supervision tests."""

import pytest

from oversight.models import SupervisionGroupMember


@pytest.fixture
def member(world):
    """The supervisor account is a member of a1's residents' supervision group."""
    return SupervisionGroupMember.objects.create(
        compound=world.a1,
        name="李大爷",
        kind="veteran_party_member",
        user=world.users["supervisor"],
    )
