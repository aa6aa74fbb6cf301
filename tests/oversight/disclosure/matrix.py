"""Permission-matrix entries of the disclosure pages (merged by tests/test_permission_matrix.py)."""

from tests.matrix import PUBLIC, Page

# Public pages: everyone, anonymous included, whatever their scope (a1 is outside the other
# community's and the second street's).
MATRIX = {
    "oversight:public_compound_list": Page(get=PUBLIC),
    "oversight:public_compound_geojson": Page(get=PUBLIC),
    "oversight:public_compound_detail": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=PUBLIC),
    "oversight:public_photo": Page(
        url_kwargs=lambda w: {"pk": w.log_a1.photos.first().pk}, get=PUBLIC
    ),
}
