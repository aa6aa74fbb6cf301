"""Permission-matrix entries of the disclosure pages (merged by tests/test_permission_matrix.py)."""

from tests.matrix import PUBLIC

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
