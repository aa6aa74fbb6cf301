"""Permission-matrix entries of the residents' opinions: the public pages and API, then the
staff's (merged by tests/test_permission_matrix.py)."""

from django.core.files.base import ContentFile

from oversight.opinions.models import OpinionPhoto
from oversight.opinions.services import opinion_record
from tests.factories import jpeg_bytes
from tests.matrix import (
    A1_EDIT_PAGE,
    A1_EDITED,
    A1_PAGE,
    API_A1,
    API_A1_CREATED,
    API_A1_WRITE,
    API_LIST,
    POST_ONLY,
    PUBLIC,
    STAFF_PAGE,
    Page,
    Write,
    expect,
)


def _photo(world):
    photo = OpinionPhoto(opinion=world.opinion_a1)
    photo.image.save("1.jpg", ContentFile(jpeg_bytes()), save=True)
    return photo


def _another_a1_opinion(world):
    return opinion_record(
        user=None, compound=world.a1, channel="collection_point", topics=["heating"],
        text="暖气片不热。",
    )  # fmt: skip


def record_post(world):
    return {
        "channel": "home_visit",
        "building": world.building_a1.pk,
        "unit": "1",
        "topics": ["road_drainage"],
        "text": "下雨院里积水。",
        "name": "王桂兰",
        "phone": "13912345678",
        "consent": "on",
    }


def opinion_post(world):
    return {
        "compound": world.a1.pk,
        "topics": ["heating", "parking"],
        "text": "楼道灯坏了，希望修好。",
        "consent": "on",
    }


MATRIX = {
    # The opinion form is for everyone, with or without an account: a valid POST is received
    # and sends the browser on to its receipt.
    "oversight:opinion_new": Page(
        get=PUBLIC, write=Write("post", opinion_post, expect(everyone=302))
    ),
    # The receipt shows this browser's last code, or says there is none.
    "oversight:opinion_thanks": Page(get=PUBLIC),
    "oversight:opinion_track": Page(
        get=PUBLIC, write=Write("post", lambda w: {"code": w.opinion_a1.code.lower()}, PUBLIC)
    ),
    # Staff pages: a slip for an opinion taken down, a poster for the compound.
    "oversight:opinion_slip": Page(url_kwargs=lambda w: {"pk": w.opinion_a1.pk}, get=A1_PAGE),
    "oversight:compound_poster": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=A1_PAGE),
    # The public API: no list (GET is not allowed), anyone may send; anyone with the code reads.
    "api:public-opinion-list": Page(
        get=expect(everyone=405),
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "topics": ["heating"],
                "text": "暖气不热",
                "consent": True,
            },
            expect(everyone=201),
        ),
    ),
    "api:public-opinion-detail": Page(url_kwargs=lambda w: {"code": w.opinion_a1.code}, get=PUBLIC),
    # The staff's register, an opinion's page and its actions, opinions taken down, the tally.
    "oversight:opinion_list": Page(get=STAFF_PAGE),  # the other community sees its own
    "oversight:opinion_detail": Page(url_kwargs=lambda w: {"pk": w.opinion_a1.pk}, get=A1_PAGE),
    "oversight:opinion_photo": Page(url_kwargs=lambda w: {"pk": _photo(w).pk}, get=A1_PAGE),
    # The actions of an opinion's page answer POST only.
    "oversight:opinion_triage": Page(
        url_kwargs=lambda w: {"pk": w.opinion_a1.pk},
        get=POST_ONLY,
        write=Write(
            "post",
            lambda w: {"status": "in_review", "topics": ["heating"], "reply": "已转暖气改造专班。"},
            A1_EDITED,
        ),
    ),
    "oversight:opinion_moderate": Page(
        url_kwargs=lambda w: {"pk": w.opinion_a1.pk},
        get=POST_ONLY,
        write=Write("post", lambda w: {"hidden": "true", "hidden_reason": "广告"}, A1_EDITED),
    ),
    "oversight:opinion_merge": Page(
        url_kwargs=lambda w: {"pk": w.opinion_a1.pk},
        get=POST_ONLY,
        write=Write("post", lambda w: {"into": _another_a1_opinion(w).code}, A1_EDITED),
    ),
    "oversight:opinion_record": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=A1_EDIT_PAGE,
        write=Write("post", record_post, A1_EDITED),
    ),
    "oversight:compound_tally": Page(url_kwargs=lambda w: {"compound_pk": w.a1.pk}, get=A1_PAGE),
    "api:opinion-list": Page(
        get=API_LIST,
        write=Write(
            "post",
            lambda w: {
                "compound": w.a1.pk,
                "channel": "phone",
                "topics": ["parking"],
                "text": "电话反映停车难。",
                "phone": "13912345678",
            },
            # The other community's staff may record opinions, but not of compound a1.
            API_A1_CREATED,
        ),
    ),
    "api:opinion-detail": Page(
        url_kwargs=lambda w: {"pk": w.opinion_a1.pk},
        get=API_A1,
        write=Write("patch", lambda w: {"status": "in_review"}, API_A1_WRITE),
    ),
    "api:opiniontally-detail": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=API_A1),
}
