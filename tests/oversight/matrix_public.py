"""Permission-matrix entries of the public pages (merged by tests/test_permission_matrix.py)."""

from tests.matrix import A1_PAGE, PUBLIC, expect


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
}
