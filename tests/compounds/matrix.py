"""Permission-matrix entries of the register: compounds and their buildings, and the API of the
communities, plans, compounds and buildings (merged by tests/test_permission_matrix.py).

Street and community staff keep their compounds; the resident supervisor and the inspector
read them; the other community does not find a1's. Communities and plans are the street's.
"""

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
    STAFF_PAGE,
    Page,
    Write,
    expect,
)


def compound_post(world):
    return {
        "name": "新加1号院",
        "community": world.community_a2.pk,
        "plan": world.plan_a.pk,
        "status": "planned",
        "management_mode": "none",
    }


def building_post(world):
    return {"number": "9号楼", "floors": 6, "units": 2, "households": 36, "floor_area": "3100.00"}


MATRIX = {
    "compounds:compound_list": Page(get=STAFF_PAGE),
    "compound_map": Page(get=STAFF_PAGE),
    "api:compound-geojson": Page(get=API_LIST),
    "compounds:compound_detail": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=A1_PAGE),
    "compounds:compound_create": Page(
        get=STAFF_PAGE | {"supervisor": 403, "inspector": 403},
        write=Write(
            "post",
            compound_post,
            # Community 甲二 is outside community_staff's scope: the form refuses it (200 and
            # the error); the other community's staff create it.
            expect(
                anonymous=302,
                no_role=403,
                street_staff=302,
                community_staff=200,
                other_community_staff=302,
                supervisor=403,
                inspector=403,
                admin=302,
            ),
        ),
    ),
    "compounds:compound_update": Page(
        url_kwargs=lambda w: {"pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                **compound_post(w),
                "name": "改名1号院",
                "community": w.community_a1.pk,
                "status": "started",
                "started_on": "2020-05-01",
            },
            A1_EDITED,
        ),
    ),
    "compounds:building_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", building_post, A1_EDITED),
    ),
    "compounds:building_update": Page(
        url_kwargs=lambda w: {"pk": w.building_a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", building_post, A1_EDITED),
    ),
    "api:community-list": Page(
        get=API_LIST,
        write=Write(
            "post", lambda w: {"street": w.street_a.pk, "name": "新社区"}, API_STREET_CREATED
        ),
    ),
    # Community staff may not change communities at all: 403 before the object is looked up.
    "api:community-detail": Page(
        url_kwargs=lambda w: {"pk": w.community_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"address": "新地址"}, API_STREET_CHANGED),
    ),
    "api:renovationplan-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {
                "street": w.street_a.pk,
                "year": 2021,
                "name": "2021年计划",
                "target_completion_date": "2021-12-31",
            },
            API_STREET_CREATED,
        ),
    ),
    "api:renovationplan-detail": Page(
        url_kwargs=lambda w: {"pk": w.plan_a.pk},
        get=API_LIST,  # every user of street 甲 sees its plans
        write=Write("patch", lambda w: {"name": "改名计划"}, API_STREET_CHANGED),
    ),
    "api:compound-list": Page(
        get=API_LIST,
        write=Write(
            "post", lambda w: {**compound_post(w), "community": w.community_a1.pk}, API_A1_CREATED
        ),
    ),
    "api:compound-detail": Page(
        url_kwargs=lambda w: {"pk": w.a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"address": "新地址"}, API_A1_WRITE),
    ),
    "api:building-list": Page(
        get=API_LIST,
        write=Write("post", lambda w: {**building_post(w), "compound": w.a1.pk}, API_A1_CREATED),
    ),
    "api:building-detail": Page(
        url_kwargs=lambda w: {"pk": w.building_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"households": 41}, API_A1_WRITE),
    ),
}
