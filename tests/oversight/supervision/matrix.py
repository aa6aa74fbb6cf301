"""Permission-matrix entries of oversight: supervision (merged by
tests/test_permission_matrix.py).

Street and community staff and the resident supervisor file checks (each at its own level:
a valid post names the street level, so only the street and the administrator file it); the
inspector reads; a1's records are not the other community's (404).
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from oversight.models import (
    SupervisionCheck,
    SupervisionGroupMember,
    SupervisionPhoto,
    SupervisionRecord,
)
from tests.factories import jpeg_bytes
from tests.matrix import A1_PAGE, API_A1, API_LIST, STAFF_PAGE, expect

TODAY = timezone.localdate()

FILERS = expect(302, 403, 200, 200, 200, 200, 403, 200)
A1_CHANGED = expect(302, 403, 302, 302, 404, 403, 403, 302)
A1_MEMBERS_WRITE = expect(302, 403, 302, 302, 404, 403, 403, 302)


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
    "oversight:supervision_list": (None, STAFF_PAGE, None, None, None),
    "oversight:supervision_create": (
        None,
        FILERS,
        "post",
        lambda w: {
            "compound": w.a1.pk,
            "level": "street",
            "kind": "routine",
            "date": TODAY.isoformat(),
            "inspectors": "王强",
            "owner": "张伟",
            "result_1": "passed",
        },  # fmt: skip
        # Community staff and the supervisor do not file at the street's level (the form
        # says so); the other community does not see a1.
        expect(302, 403, 302, 200, 200, 200, 403, 302),
    ),
    "oversight:supervision_detail": (lambda w: {"pk": _record_a1(w).pk}, A1_PAGE, None, None, None),
    "oversight:supervision_update": (
        lambda w: {"pk": _record_a1(w).pk},
        A1_CHANGED,
        "post",
        lambda w: {
            "date": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "inspectors": "王强（街道城管科）、李明",
            "findings": "",
            "change_reason": "补记检查人",
        },
        A1_CHANGED,
    ),
    "oversight:supervision_photo": (lambda w: {"pk": _photo_a1(w).pk}, A1_PAGE, None, None, None),
    "oversight:supervision_group": (
        lambda w: {"compound_pk": w.a1.pk},
        A1_PAGE,
        "post",
        lambda w: {
            "name": "王阿姨",
            "kind": "active_resident",
            "joined_on": TODAY.isoformat(),
            "active": "on",
        },  # fmt: skip
        A1_MEMBERS_WRITE,
    ),
    "oversight:supervision_member_update": (
        lambda w: {"pk": _member_a1(w).pk},
        expect(302, 403, 200, 200, 404, 403, 403, 200),
        "post",
        lambda w: {
            "name": "李大爷",
            "kind": "veteran_party_member",
            "joined_on": TODAY.isoformat(),
            "active": "on",
        },  # fmt: skip
        A1_MEMBERS_WRITE,
    ),
    "api:supervisionrecord-list": (
        None,
        API_LIST,
        "post",
        lambda w: {
            "compound": w.a1.pk,
            "level": "street",
            "date": TODAY.isoformat(),
            "inspectors": "王强",
            "owner": "张伟",
            "checks": [{"item": "消防通道畅通", "passed": False, "note": "被车辆占用"}],
        },  # fmt: skip
        # Only the street (and the administrator) file at the street's level: the others get
        # the reason (400); the inspector files nothing (403).
        expect(403, 403, 201, 400, 400, 400, 403, 201),
    ),
    "api:supervisionrecord-detail": (
        lambda w: {"pk": _record_a1(w).pk},
        API_A1,
        "patch",
        lambda w: {"findings": "整体良好", "change_reason": "补记"},
        expect(403, 403, 200, 200, 404, 403, 403, 200),
    ),
    "api:supervisiongroupmember-list": (
        None,
        API_LIST,
        "post",
        lambda w: {"compound": w.a1.pk, "name": "王阿姨", "kind": "active_resident"},
        expect(403, 403, 201, 201, 400, 403, 403, 201),
    ),
    "api:supervisiongroupmember-detail": (
        lambda w: {"pk": _member_a1(w).pk},
        API_A1,
        "patch",
        lambda w: {"active": False},
        expect(403, 403, 200, 200, 404, 403, 403, 200),
    ),
}
