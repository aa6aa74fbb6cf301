"""Who may do what on the statistics pages: every staff member reads a return (of their
scope); only the district (and the administrator) imports a street's return file."""

from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.statistics import rules
from tests.matrix import STAFF_PAGE, Page, Write, expect
from tests.oversight.statistics.test_returns_import import return_bytes

DISTRICT_ONLY = expect(everyone=403, anonymous=302, inspector=200, admin=200)


def _import_post(w):
    data = return_bytes(street=w.street_a.name, period=rules.month_period(2020, 5))
    return {
        "street": w.street_a.pk,
        "kind": "month",
        "month": "2020-05",
        "file": SimpleUploadedFile("甲街道5月报表.xlsx", data),
    }


MATRIX = {
    "oversight:statistics": Page(get=STAFF_PAGE),
    "oversight:return_import": Page(
        get=DISTRICT_ONLY,
        write=Write(
            "post", _import_post, expect(everyone=403, anonymous=302, inspector=302, admin=302)
        ),
    ),
}
