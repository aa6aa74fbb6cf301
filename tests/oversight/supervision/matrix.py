"""Permission-matrix entries of oversight: supervision (merged by
tests/test_permission_matrix.py).

Street and community staff and the resident supervisor file checks (each at its own level:
a valid post names the street level, so only the street and the administrator file it); the
inspector reads; a1's records are not the other community's (404).
"""

import datetime

from django.core.files.base import ContentFile

from common import clock
from oversight.models import (
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionPhoto,
    SupervisionRecord,
)
from tests.factories import jpeg_bytes
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_EDITED,
    A1_PAGE,
    API_A1,
    API_A1_CREATED,
    API_A1_WRITE,
    API_LIST,
    STAFF_PAGE,
    Page,
    Write,
    expect,
)

TODAY = clock.today()

# Who files checks: every staff role and the resident supervisor; not the inspector.
FILERS = STAFF_PAGE | {"inspector": 403}


def _record_a1(w):
    record, created = SupervisionRecord.objects.get_or_create(
        compound=w.a1, level="street", date=TODAY - datetime.timedelta(days=1),
        defaults={"inspectors": "王强（街道城管科）"},
    )  # fmt: skip
    if created:
        SupervisionCheck.objects.create(record=record, item="消防通道畅通", passed=True)
    return record


def _photo_a1(w):
    record = _record_a1(w)
    photo = record.photos.first()
    if photo is None:
        photo = SupervisionPhoto(record=record)
        photo.image.save("1.jpg", ContentFile(jpeg_bytes()), save=True)
    return photo


def _member_a1(w):
    member, _created = SupervisionGroupMember.objects.get_or_create(
        compound=w.a1, name="李大爷", defaults={"kind": "veteran_party_member"}
    )
    return member


MATRIX = {
    "oversight:supervision_list": Page(get=STAFF_PAGE),
    "oversight:supervision_create": Page(
        get=FILERS,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "level": "street",
                "kind": "routine",
                "date": TODAY.isoformat(),
                "inspectors": "王强",
                "owner": "张伟",
                "result_1": "passed",
            },
            # Community staff and the supervisor do not file at the street's level (the form
            # says so, 200); the other community does not see a1 (the form refuses it).
            FILERS | {"street_staff": 302, "admin": 302},
        ),
    ),
    "oversight:supervision_detail": Page(
        url_kwargs=lambda w: {"pk": _record_a1(w).pk}, get=A1_PAGE
    ),
    "oversight:supervision_update": Page(
        url_kwargs=lambda w: {"pk": _record_a1(w).pk},
        get=A1_EDITED,
        write=Write(
            "post",
            lambda w: {
                "date": (TODAY - datetime.timedelta(days=1)).isoformat(),
                "inspectors": "王强（街道城管科）、李明",
                "findings": "",
                "change_reason": "补记检查人",
            },
            A1_EDITED,
        ),
    ),
    "oversight:supervision_photo": Page(url_kwargs=lambda w: {"pk": _photo_a1(w).pk}, get=A1_PAGE),
    "oversight:supervision_group": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_PAGE,
        write=Write(
            "post",
            lambda w: {
                "name": "王阿姨",
                "kind": "active_resident",
                "joined_on": TODAY.isoformat(),
                "active": "on",
            },
            A1_EDITED,
        ),
    ),
    "oversight:supervision_member_update": Page(
        url_kwargs=lambda w: {"pk": _member_a1(w).pk},
        get=A1_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {
                "name": "李大爷",
                "kind": "veteran_party_member",
                "joined_on": TODAY.isoformat(),
                "active": "on",
            },
            A1_EDITED,
        ),
    ),
    "api:supervisionrecord-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "level": "street",
                "date": TODAY.isoformat(),
                "inspectors": "王强",
                "owner": "张伟",
                "checks": [{"item": "消防通道畅通", "passed": False, "note": "被车辆占用"}],
            },
            # Only the street (and the administrator) file at the street's level: the others get
            # the reason (400); the inspector files nothing (403).
            expect(
                anonymous=403,
                no_role=403,
                street_staff=201,
                community_staff=400,
                other_community_staff=400,
                supervisor=400,
                inspector=403,
                admin=201,
            ),
        ),
    ),
    "api:supervisionrecord-detail": Page(
        url_kwargs=lambda w: {"pk": _record_a1(w).pk},
        get=API_A1,
        write=Write(
            "patch", lambda w: {"findings": "整体良好", "change_reason": "补记"}, API_A1_WRITE
        ),
    ),
    "api:supervisiongroupmember-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {"compound": w.a1.pk, "name": "王阿姨", "kind": "active_resident"},
            API_A1_CREATED,
        ),
    ),
    "api:supervisiongroupmember-detail": Page(
        url_kwargs=lambda w: {"pk": _member_a1(w).pk},
        get=API_A1,
        write=Write("patch", lambda w: {"active": False}, API_A1_WRITE),
    ),
}
