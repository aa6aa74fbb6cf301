"""Permission-matrix entries of oversight: inspections (merged by
tests/test_permission_matrix.py).

Inspections are the street's: everyone of street 甲 reads them (its communities included), the
district and the administrator read every street's; the resident supervisor does not. The
inspection group (the inspector, and the administrator) records visits and requirements; the
street's staff (and the administrator) write the answer, which the inspector may not.
"""

import datetime

from oversight.models import Inspection
from tests.matrix import expect


def _inspection(w):
    inspection, _created = Inspection.objects.get_or_create(
        street=w.street_a,
        group="金水区委组织科督导组",
        defaults={"date": datetime.date(2020, 6, 18), "figures": {}},
    )
    return inspection


def _pk(w):
    return {"pk": _inspection(w).pk}


READ_PAGE = expect(302, 403, 200, 200, 200, 403, 200, 200)
RECORDER_PAGE = expect(302, 403, 403, 403, 403, 403, 200, 200)
RECORDED = expect(302, 403, 403, 403, 403, 403, 302, 302)
API_READ = expect(403, 403, 200, 200, 200, 403, 200, 200)
API_ACTION_GET = expect(403, 403, 405, 405, 405, 403, 405, 405)

# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    "oversight:inspection_list": (None, READ_PAGE, None, None, None),
    # The inspector covers both streets: the page asks which one first.
    "oversight:inspection_create": (
        None,
        RECORDER_PAGE,
        "post",
        lambda w: {
            "street": w.street_a.pk,
            "date": "2020-06-18",
            "group": "金水区委组织科督导组",
            "reviewed": "听取工作汇报",
            "compounds_visited": [w.a1.pk],
        },  # fmt: skip
        RECORDED,
    ),
    "oversight:inspection_detail": (_pk, READ_PAGE, None, None, None),
    "oversight:inspection_update": (
        _pk,
        RECORDER_PAGE,
        "post",
        lambda w: {"date": "2020-06-18", "group": "金水区委组织科督导组", "findings": "成效明显"},
        RECORDED,
    ),
    "oversight:inspection_requirement_create": (
        _pk,
        RECORDER_PAGE,
        "post",
        lambda w: {"text": "继续强化党建引领"},
        RECORDED,
    ),
    # Answered from the inspection's page; the inspection group may not answer.
    "oversight:inspection_answer": (
        _pk,
        expect(302, *[405] * 7),
        "post",
        lambda w: {"answer": "已逐条列入整改台账。"},
        expect(302, 403, 302, 403, 403, 403, 403, 302),
    ),
    "api:inspection-list": (
        None,
        API_READ,
        "post",
        lambda w: {
            "street": w.street_a.pk,
            "date": "2020-06-18",
            "group": "金水区委组织科督导组",
            "compounds_visited": [w.a1.pk],
        },  # fmt: skip
        expect(403, 403, 403, 403, 403, 403, 201, 201),
    ),
    "api:inspection-detail": (
        _pk,
        API_READ,
        "patch",
        lambda w: {"findings": "成效明显"},
        expect(403, 403, 403, 403, 403, 403, 200, 200),
    ),
    "api:inspection-answer": (
        _pk,
        API_ACTION_GET,
        "post",
        lambda w: {"answer": "已逐条列入整改台账。"},
        expect(403, 403, 200, 403, 403, 403, 403, 200),
    ),
    "api:inspection-requirements": (
        _pk,
        API_ACTION_GET,
        "post",
        lambda w: {"text": "继续强化党建引领"},
        expect(403, 403, 403, 403, 403, 403, 201, 201),
    ),
}
