"""The users of the permission matrix (tests/test_permission_matrix.py and the matrix_* files
of each app) and the expectations several of them share."""

USERS = ("anonymous", "no_role", "street_staff", "community_staff", "other_community_staff",
         "supervisor", "inspector", "admin")  # fmt: skip


def expect(anonymous, no_role, street, community, other, supervisor, inspector, admin):
    """Return the status each user gets, in USERS' order."""
    return dict(zip(USERS, (anonymous, no_role, street, community, other, supervisor,
                            inspector, admin), strict=True))  # fmt: skip


PUBLIC = expect(*[200] * 8)
STAFF_PAGE = expect(302, 403, 200, 200, 200, 200, 200, 200)  # a login redirect for anonymous
A1_PAGE = expect(302, 403, 200, 200, 404, 200, 200, 200)  # the other community is not found
A1_EDIT_PAGE = expect(302, 403, 200, 200, 404, 403, 403, 200)
API_LIST = expect(403, 403, 200, 200, 200, 200, 200, 200)
API_A1 = expect(403, 403, 200, 200, 404, 200, 200, 200)
API_A1_WRITE = expect(403, 403, 200, 200, 404, 403, 403, 200)
