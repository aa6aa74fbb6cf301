"""Permission-matrix entries of the residents' data requests: the public pages, then the
staff's (merged by tests/test_permission_matrix.py)."""

from oversight.privacy.models import PrivacyRequest
from tests.matrix import A1_EDIT_PAGE, A1_EDITED, POST_ONLY, PUBLIC, STAFF_PAGE, Page, Write, expect


def request_a1(world) -> PrivacyRequest:
    """A waiting request to correct the name of a1's opinion (made anew in each test)."""
    found = PrivacyRequest.objects.filter(opinion=world.opinion_a1, status="pending").first()
    return found or PrivacyRequest.objects.create(
        opinion=world.opinion_a1, kind="correct", new_name="李秀云"
    )


def _pk(world):
    return {"pk": request_a1(world).pk}


# Those who handle opinions handle the requests, in their scope; the resident supervisor and
# the district inspector (who see names masked) do not.
HANDLERS_PAGE = STAFF_PAGE | {"supervisor": 403, "inspector": 403}

MATRIX = {
    # Step 1 is for everyone; whatever is typed, the browser goes on to step 2.
    "oversight:privacy_start": Page(
        get=PUBLIC,
        write=Write(
            "post",
            lambda w: {"code": w.opinion_a1.code, "phone": "13800138000"},
            expect(everyone=302),
        ),
    ),
    # Steps 2 and 3 without step 1 done in this browser: back to step 1.
    "oversight:privacy_confirm": Page(
        get=expect(everyone=302),
        write=Write("post", lambda w: {"answer": "123456"}, expect(everyone=302)),
    ),
    "oversight:privacy_data": Page(
        get=expect(everyone=302),
        write=Write("post", lambda w: {"action": "erase", "confirm": "on"}, expect(everyone=302)),
    ),
    # A photo only for the browser that confirmed its opinion: not found for anyone else.
    "oversight:privacy_photo": Page(url_kwargs=lambda w: {"pk": 1}, get=expect(everyone=404)),
    "oversight:privacy_request_list": Page(get=HANDLERS_PAGE),
    "oversight:privacy_request_detail": Page(url_kwargs=_pk, get=A1_EDIT_PAGE),
    "oversight:privacy_request_carry_out": Page(
        url_kwargs=_pk, get=POST_ONLY, write=Write("post", lambda w: {}, A1_EDITED)
    ),
    "oversight:privacy_request_refuse": Page(
        url_kwargs=_pk,
        get=POST_ONLY,
        write=Write("post", lambda w: {"reason": "无法核实身份。"}, A1_EDITED),
    ),
}
