"""Permission-matrix entries of the residents' opinions: the public pages and API, then the
staff's (merged by tests/test_permission_matrix.py)."""

from django.core.files.base import ContentFile

from oversight.opinions.models import OpinionPhoto
from oversight.opinions.services import opinion_record
from tests.factories import jpeg_bytes
from tests.matrix import A1_EDIT_PAGE, A1_PAGE, API_A1, API_A1_WRITE, API_LIST, PUBLIC, expect

READERS = expect(302, 403, 200, 200, 200, 200, 200, 200)  # the other community sees its own
A1_WRITE = expect(302, 403, 302, 302, 404, 403, 403, 302)
POST_ONLY = expect(302, *[405] * 7)  # the actions of the opinion's page answer POST only


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


# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    # The opinion form is for everyone, with or without an account: a valid POST is received
    # and sends the browser on to its receipt.
    "oversight:opinion_new": (None, PUBLIC, "post", opinion_post, expect(*[302] * 8)),
    # The receipt shows this browser's last code, or says there is none.
    "oversight:opinion_thanks": (None, PUBLIC, None, None, None),
    "oversight:opinion_track": (
        None,
        PUBLIC,
        "post",
        lambda w: {"code": w.opinion_a1.code.lower()},
        PUBLIC,
    ),
    # Staff pages: a slip for an opinion taken down, a poster for the compound.
    "oversight:opinion_slip": (lambda w: {"pk": w.opinion_a1.pk}, A1_PAGE, None, None, None),
    "oversight:compound_poster": (lambda w: {"pk": w.a1.pk}, A1_PAGE, None, None, None),
    # The public API: no list (GET is not allowed), anyone may send; anyone with the code reads.
    "api:public-opinion-list": (
        None,
        expect(*[405] * 8),
        "post",
        lambda w: {"compound": w.a1.pk, "topics": ["heating"], "text": "暖气不热", "consent": True},
        expect(*[201] * 8),
    ),
    "api:public-opinion-detail": (lambda w: {"code": w.opinion_a1.code}, PUBLIC, None, None, None),
    # The staff's register, an opinion's page and its actions, opinions taken down, the tally.
    "oversight:opinion_list": (None, READERS, None, None, None),
    "oversight:opinion_detail": (lambda w: {"pk": w.opinion_a1.pk}, A1_PAGE, None, None, None),
    "oversight:opinion_photo": (lambda w: {"pk": _photo(w).pk}, A1_PAGE, None, None, None),
    "oversight:opinion_triage": (
        lambda w: {"pk": w.opinion_a1.pk},
        POST_ONLY,
        "post",
        lambda w: {"status": "in_review", "topics": ["heating"], "reply": "已转暖气改造专班。"},
        A1_WRITE,
    ),
    "oversight:opinion_moderate": (
        lambda w: {"pk": w.opinion_a1.pk},
        POST_ONLY,
        "post",
        lambda w: {"hidden": "true", "hidden_reason": "广告"},
        A1_WRITE,
    ),
    "oversight:opinion_merge": (
        lambda w: {"pk": w.opinion_a1.pk},
        POST_ONLY,
        "post",
        lambda w: {"into": _another_a1_opinion(w).code},
        A1_WRITE,
    ),
    "oversight:opinion_record": (
        lambda w: {"compound_pk": w.a1.pk},
        A1_EDIT_PAGE,
        "post",
        record_post,
        A1_WRITE,
    ),
    "oversight:compound_tally": (lambda w: {"compound_pk": w.a1.pk}, A1_PAGE, None, None, None),
    "api:opinion-list": (
        None,
        API_LIST,
        "post",
        lambda w: {
            "compound": w.a1.pk,
            "channel": "phone",
            "topics": ["parking"],
            "text": "电话反映停车难。",
            "phone": "13912345678",
        },
        # The other community's staff may record opinions, but not of compound a1.
        expect(403, 403, 201, 201, 400, 403, 403, 201),
    ),
    "api:opinion-detail": (
        lambda w: {"pk": w.opinion_a1.pk},
        API_A1,
        "patch",
        lambda w: {"status": "in_review"},
        API_A1_WRITE,
    ),
    "api:opiniontally-detail": (lambda w: {"pk": w.a1.pk}, API_A1, None, None, None),
}
