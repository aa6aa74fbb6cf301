"""Supervision in the demo: every level checks 丰产路47号院, and the loop closes."""

import pytest

from compounds.models import Compound
from oversight.models import SupervisionGroupMember, SupervisionRecord
from oversight.supervision import selectors
from progress.models import Rectification

pytestmark = pytest.mark.django_db


def test_the_demo_supervises_at_every_level_and_the_loop_closes(demo_data, db):
    """丰产路47号院 is checked by the street, the community, its residents' group (the demo
    supervisor is a member), the firm and the third party; some problems are fixed and
    verified by the level that found them, others are open; 公交二公司家属院 passed its
    third-party acceptance, 农科路小学家属院 has not."""
    demo = Compound.objects.get(name="丰产路47号院")
    levels = set(SupervisionRecord.objects.filter(compound=demo).values_list("level", flat=True))
    assert levels == {"street", "community", "residents", "firm", "third_party"}
    assert SupervisionGroupMember.objects.filter(
        compound=demo, user__username="supervisor"
    ).exists()
    problems = Rectification.objects.filter(source="supervision")
    closed = problems.filter(status="closed")
    assert closed.exists() and problems.exclude(status="closed").exists()
    for problem in closed:
        assert problem.verified_by is not None
        assert problem.closed_on > problem.origin.record.date
    assert not selectors.acceptance_record_missing(Compound.objects.get(name="公交二公司家属院"))
    assert selectors.acceptance_record_missing(Compound.objects.get(name="农科路小学家属院"))
