"""Permission-matrix entries of the disclosure pages (merged by tests/test_permission_matrix.py)."""

USERS = ("anonymous", "no_role", "street_staff", "community_staff", "other_community_staff",
         "supervisor", "inspector", "admin")  # fmt: skip


def expect(anonymous, no_role, street, community, other, supervisor, inspector, admin):
    return dict(zip(USERS, (anonymous, no_role, street, community, other, supervisor,
                            inspector, admin), strict=True))  # fmt: skip


PUBLIC = expect(*[200] * 8)

# Public pages: everyone, anonymous included, whatever their scope (a1 is outside the other
# community's and the second street's).
MATRIX = {
    "oversight:public_compound_list": (None, PUBLIC, None, None, None),
    "oversight:public_compound_detail": (lambda w: {"pk": w.a1.pk}, PUBLIC, None, None, None),
    "oversight:public_photo": (
        lambda w: {"pk": w.log_a1.photos.first().pk},
        PUBLIC,
        None,
        None,
        None,
    ),
}
