"""Permission-matrix entries of oversight: inspections (merged by
tests/test_permission_matrix.py).

Inspections are the street's: everyone of street 甲 reads them (its communities included), the
district and the administrator read every street's; the resident supervisor does not. The
inspection group (the inspector, and the administrator) records visits and requirements; the
street's staff (and the administrator) write the answer, which the inspector may not.
"""

import datetime

from oversight.models import Inspection
from tests.matrix import (
    API_LIST,
    API_STREET_CHANGED,
    POST_ONLY,
    STAFF_PAGE,
    STREET_EDITED,
    Page,
    Write,
    expect,
)


def _inspection(w):
    inspection, _created = Inspection.objects.get_or_create(
        street=w.street_a,
        group="金水区委组织科督导组",
        defaults={"date": datetime.date(2020, 6, 18), "figures": {}},
    )
    return inspection


def _pk(w):
    return {"pk": _inspection(w).pk}


READ_PAGE = STAFF_PAGE | {"supervisor": 403}
RECORDER_PAGE = expect(anonymous=302, inspector=200, admin=200, everyone=403)
RECORDED = expect(anonymous=302, inspector=302, admin=302, everyone=403)
API_READ = API_LIST | {"supervisor": 403}
# The API's actions answer POST only, to those who read the inspection.
API_ACTION_GET = expect(anonymous=403, no_role=403, supervisor=403, everyone=405)
API_RECORDED = expect(inspector=201, admin=201, everyone=403)
API_RECORDER_CHANGED = expect(inspector=200, admin=200, everyone=403)


def _visit(w):
    """A visit to street 甲 and its compound a1, as the form and the API take it."""
    return {
        "street": w.street_a.pk,
        "date": "2020-06-18",
        "group": "金水区委组织科督导组",
        "compounds_visited": [w.a1.pk],
    }


MATRIX = {
    "oversight:inspection_list": Page(get=READ_PAGE),
    # The inspector covers both streets: the page asks which one first.
    "oversight:inspection_create": Page(
        get=RECORDER_PAGE,
        write=Write(
            "post",
            lambda w: {**_visit(w), "reviewed": "听取工作汇报"},
            RECORDED,
        ),
    ),
    "oversight:inspection_detail": Page(url_kwargs=_pk, get=READ_PAGE),
    "oversight:inspection_update": Page(
        url_kwargs=_pk,
        get=RECORDER_PAGE,
        write=Write(
            "post",
            lambda w: {
                "date": "2020-06-18",
                "group": "金水区委组织科督导组",
                "findings": "成效明显",
            },
            RECORDED,
        ),
    ),
    "oversight:inspection_requirement_create": Page(
        url_kwargs=_pk,
        get=RECORDER_PAGE,
        write=Write("post", lambda w: {"text": "继续强化党建引领"}, RECORDED),
    ),
    # Answered from the inspection's page; the inspection group may not answer.
    "oversight:inspection_answer": Page(
        url_kwargs=_pk,
        get=POST_ONLY,
        write=Write("post", lambda w: {"answer": "已逐条列入整改台账。"}, STREET_EDITED),
    ),
    "api:inspection-list": Page(
        get=API_READ,
        write=Write(
            "post",
            _visit,
            API_RECORDED,
        ),
    ),
    "api:inspection-detail": Page(
        url_kwargs=_pk,
        get=API_READ,
        write=Write("patch", lambda w: {"findings": "成效明显"}, API_RECORDER_CHANGED),
    ),
    "api:inspection-answer": Page(
        url_kwargs=_pk,
        get=API_ACTION_GET,
        write=Write("post", lambda w: {"answer": "已逐条列入整改台账。"}, API_STREET_CHANGED),
    ),
    "api:inspection-requirements": Page(
        url_kwargs=_pk,
        get=API_ACTION_GET,
        write=Write("post", lambda w: {"text": "继续强化党建引领"}, API_RECORDED),
    ),
}
