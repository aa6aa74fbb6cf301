"""Permission-matrix entries of the public pages (merged by tests/test_permission_matrix.py)."""

USERS = ("anonymous", "no_role", "street_staff", "community_staff", "other_community_staff",
         "supervisor", "inspector", "admin")  # fmt: skip


def expect(anonymous, no_role, street, community, other, supervisor, inspector, admin):
    return dict(zip(USERS, (anonymous, no_role, street, community, other, supervisor,
                            inspector, admin), strict=True))  # fmt: skip


PUBLIC = expect(*[200] * 8)
A1_PAGE = expect(302, 403, 200, 200, 404, 200, 200, 200)  # the other community is not found


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
