"""Permission-matrix entries of progress: work items and milestones, daily logs, the weekly
meetings and their problems to rectify, reports, notices and the holiday table (merged by
tests/test_permission_matrix.py).

A compound's progress is kept by street and community staff, read by the resident supervisor
and the inspector; the other community does not find a1's. Meetings and reports are the
street's.
"""

from progress.models import CalendarDay, Rectification
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_EDITED,
    A1_PAGE,
    API_A1,
    API_A1_CREATED,
    API_A1_WRITE,
    API_LIST,
    API_STREET_CHANGED,
    API_STREET_CREATED,
    POST_ONLY,
    STAFF_PAGE,
    STREET_EDIT_PAGE,
    STREET_EDITED,
    Page,
    Write,
    expect,
)

# Reports are the street's: street staff ask for them; community staff and the inspector read
# them; the resident supervisor does not.
REPORT_PAGE = STAFF_PAGE | {"supervisor": 403}


# Verifying problem_a1's fix through the page: the street's staff and the administrator.
VERIFIED = expect(
    anonymous=302,
    no_role=403,
    street_staff=302,
    community_staff=403,
    other_community_staff=404,
    supervisor=403,
    inspector=403,
    admin=302,
)


def _submitted_then_close(world):
    """Submit problem_a1's fix (as the responsible side would), then ask to close it."""
    Rectification.objects.filter(pk=world.problem_a1.pk).update(
        status="submitted", resolution="已清理"
    )
    return {"verdict": "close"}


def work_item_post(world):
    return {"category": "heating", "planned_quantity": "40", "unit": "household",
            "done_quantity": "0", "weight": "1"}  # fmt: skip


def milestone_post(world):
    return {"order": 5, "name": "暖气改造", "owner": "李秀梅", "duration": 20}


MATRIX = {
    "progress:compound_progress": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=A1_PAGE),
    # the wall chart: every staff role, each of its own compounds
    "progress:programme_chart": Page(get=STAFF_PAGE),
    "progress:workitem_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", work_item_post, A1_EDITED),
    ),
    "progress:workitem_update": Page(
        url_kwargs=lambda w: {"pk": w.work_item_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {**work_item_post(w), "category": "demolition", "unit": "place"},
            A1_EDITED,
        ),
    ),
    "progress:milestone_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", milestone_post, A1_EDITED),
    ),
    "progress:milestone_update": Page(
        url_kwargs=lambda w: {"pk": w.milestone_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", lambda w: {**milestone_post(w), "order": 1}, A1_EDITED),
    ),
    "api:workitem-list": Page(
        get=API_LIST,
        write=Write("post", lambda w: {**work_item_post(w), "compound": w.a1.pk}, API_A1_CREATED),
    ),
    "api:workitem-detail": Page(
        url_kwargs=lambda w: {"pk": w.work_item_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"done_quantity": "30"}, API_A1_WRITE),
    ),
    "api:milestone-list": Page(
        get=API_LIST,
        write=Write("post", lambda w: {**milestone_post(w), "compound": w.a1.pk}, API_A1_CREATED),
    ),
    "api:milestone-detail": Page(
        url_kwargs=lambda w: {"pk": w.milestone_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"owner": "张伟"}, API_A1_WRITE),
    ),
    # --- Daily logs
    "progress:dailylog_list": Page(get=STAFF_PAGE),
    "progress:dailylog_detail": Page(url_kwargs=lambda w: {"pk": w.log_a1.pk}, get=A1_PAGE),
    "progress:dailylog_photo": Page(
        url_kwargs=lambda w: {"pk": w.log_a1.photos.get().pk}, get=A1_PAGE
    ),
    # A compound with today's log filed sends GET to that log's edit page (302).
    "progress:dailylog_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDITED,
        write=Write(
            "post",
            lambda w: {"date": "2020-06-01", "workers": 8, f"qty_{w.work_item_a1.pk}": "5"},
            A1_EDITED,
        ),
    ),
    "progress:dailylog_update": Page(
        url_kwargs=lambda w: {"pk": w.log_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", lambda w: {"workers": 9, f"qty_{w.work_item_a1.pk}": "3"}, A1_EDITED),
    ),
    "api:dailylog-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "date": "2020-06-02",
                "workers": 4,
                "entries": [{"work_item": w.work_item_a1.pk, "quantity": "2"}],
            },
            API_A1_CREATED,
        ),
    ),
    "api:dailylog-detail": Page(
        url_kwargs=lambda w: {"pk": w.log_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"workers": 15}, API_A1_WRITE),
    ),
    # --- Weekly meetings: the street's; every user of street 甲 reads them, its staff hold them.
    "progress:meeting_list": Page(get=STAFF_PAGE),
    "progress:meeting_detail": Page(url_kwargs=lambda w: {"pk": w.meeting_a.pk}, get=STAFF_PAGE),
    "progress:meeting_create": Page(
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"street": w.street_a.pk, "date": "2020-06-01", "title": "第2次周例会"},
            STREET_EDITED,
        ),
    ),
    "progress:meeting_update": Page(
        url_kwargs=lambda w: {"pk": w.meeting_a.pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post", lambda w: {"date": w.meeting_a.date.isoformat(), "title": "改名"}, STREET_EDITED
        ),
    ),
    "api:weeklymeeting-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {"street": w.street_a.pk, "date": "2020-06-08", "title": "第3次周例会"},
            API_STREET_CREATED,
        ),
    ),
    "api:weeklymeeting-detail": Page(
        url_kwargs=lambda w: {"pk": w.meeting_a.pk},
        get=API_LIST,
        write=Write("patch", lambda w: {"minutes": "会议纪要"}, API_STREET_CHANGED),
    ),
    # --- Problems to rectify
    "progress:rectification_list": Page(get=STAFF_PAGE),
    # Community staff raise problems about their own compounds at their street's meeting.
    "progress:rectification_create": Page(
        url_kwargs=lambda w: {"meeting_pk": w.meeting_a.pk},
        get=STAFF_PAGE | {"supervisor": 403, "inspector": 403},
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "消防通道被占",
                "owner": "张伟",
                "deadline": "2030-01-01",
                "status": "open",
            },
            # a1 is not the other community's: its form refuses it (200 and the error).
            A1_EDITED | {"other_community_staff": 200},
        ),
    ),
    "progress:rectification_detail": Page(
        url_kwargs=lambda w: {"pk": w.problem_a1.pk}, get=A1_PAGE
    ),
    # The page is the problem's own; the form posts here.
    "progress:rectification_update": Page(
        url_kwargs=lambda w: {"pk": w.problem_a1.pk},
        get=A1_EDITED,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "楼道堆放杂物",
                "owner": "王建军",
                "deadline": "2030-01-01",
                "status": "rectifying",
            },
            A1_EDITED,
        ),
    ),
    # The street raised problem_a1 at its weekly meeting: the street verifies the fix.
    "progress:rectification_verify": Page(
        url_kwargs=lambda w: {"pk": w.problem_a1.pk},
        get=POST_ONLY,
        write=Write("post", _submitted_then_close, VERIFIED),
    ),
    "api:rectification-verify": Page(
        url_kwargs=lambda w: {"pk": w.problem_a1.pk},
        get=expect(anonymous=403, no_role=403, everyone=405),
        # The API answers anonymous with 403, and a verdict with the problem (200).
        write=Write(
            "post",
            _submitted_then_close,
            VERIFIED | {"anonymous": 403, "street_staff": 200, "admin": 200},
        ),
    ),
    "api:rectification-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "description": "路面积水",
                "owner": "张伟",
                "deadline": "2030-01-01",
                "source": "supervision",
            },
            API_A1_CREATED,
        ),
    ),
    "api:rectification-detail": Page(
        url_kwargs=lambda w: {"pk": w.problem_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"status": "rectifying"}, API_A1_WRITE),
    ),
    # --- Reports
    "progress:report_list": Page(
        get=REPORT_PAGE,
        write=Write(
            "post",
            lambda w: {"street": w.street_a.pk, "kind": "weekly", "day": "2020-06-10"},
            STREET_EDITED,
        ),
    ),
    "progress:report_detail": Page(
        url_kwargs=lambda w: {"pk": w.report_a.pk},
        get=REPORT_PAGE,
        write=Write("post", lambda w: {"review_notes": "观摩会纪要"}, STREET_EDITED),
    ),
    "progress:report_download": Page(url_kwargs=lambda w: {"pk": w.report_a.pk}, get=REPORT_PAGE),
    # --- Everyone's own notices.
    "progress:notice_list": Page(get=expect(anonymous=302, everyone=200)),
    # --- The holiday table is the same for everyone who may read it; the admin keeps it.
    "api:calendarday-list": Page(get=API_LIST),
    "api:calendarday-detail": Page(
        url_kwargs=lambda w: {"pk": CalendarDay.objects.order_by("date").first().pk}, get=API_LIST
    ),
}
