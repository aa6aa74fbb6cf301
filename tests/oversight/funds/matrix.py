"""Permission-matrix entries of oversight: funds (merged by tests/test_permission_matrix.py),
and the small builders the fund tests share.

The street sets budgets and records payments; community staff and district inspectors read
them; the resident supervisor does not see the fund (its public summary is on the public
page); the other community gets 404 for a1's records and 400 for a1 in a write.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.funds.demo import demo_pdf
from oversight.funds.services import payment_create
from oversight.models import FundAllocation, FundPayment
from tests.matrix import expect

READ_LIST = expect(302, 403, 200, 200, 200, 403, 200, 200)
READ_A1 = expect(302, 403, 200, 200, 404, 403, 200, 200)
STREET_EDIT = expect(302, 403, 200, 403, 403, 403, 403, 200)
STREET_EDITED = expect(302, 403, 302, 403, 403, 403, 403, 302)
API_READ_LIST = expect(403, 403, 200, 200, 200, 403, 200, 200)
API_READ_A1 = expect(403, 403, 200, 200, 404, 403, 200, 200)


def pdf_bytes() -> bytes:
    return demo_pdf(["test invoice"])


def pdf_upload(name="发票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def allocation_a1(w, amount="80000") -> FundAllocation:
    """The budget of a1's work item (created once)."""
    allocation, _created = FundAllocation.objects.get_or_create(
        compound=w.a1, work_item=w.work_item_a1, defaults={"amount": Decimal(amount)}
    )
    return allocation


def payment_a1(w) -> FundPayment:
    """A payment of ¥20,000 out of a1's work-item budget, with a PDF (created once)."""
    allocation = allocation_a1(w)
    existing = allocation.payments.first()
    if existing is not None:
        return existing
    return payment_create(
        user=None,
        allocation=allocation,
        paid_on=datetime.date(2020, 6, 1),
        payee="郑州文建工程有限公司",
        amount=Decimal("20000"),
        document=pdf_upload(),
        note="预付款",
    )


def _payment_post(w):
    return {
        "allocation": allocation_a1(w).pk,
        "paid_on": "2020-06-01",
        "payee": "郑州文建工程有限公司",
        "amount": "1000",
        "note": "进度款",
        "document": pdf_upload(),
    }


# name: (kwargs from the world, GET expectation, write method, write data, write expectation)
MATRIX = {
    "oversight:fund_list": (None, READ_LIST, None, None, None),
    "oversight:compound_funds": (lambda w: {"compound_pk": w.a1.pk}, READ_A1, None, None, None),
    "oversight:fund_allocation_create": (
        lambda w: {"compound_pk": w.a1.pk},
        STREET_EDIT,
        "post",
        lambda w: {"work_item": "", "amount": "50000", "note": "设计费、监理费"},
        STREET_EDITED,
    ),
    "oversight:fund_allocation_detail": (
        lambda w: {"pk": allocation_a1(w).pk},
        READ_A1,
        None,
        None,
        None,
    ),
    "oversight:fund_allocation_change": (
        lambda w: {"pk": allocation_a1(w).pk},
        STREET_EDIT,
        "post",
        lambda w: {"amount": "90000", "reason": "设计变更"},
        STREET_EDITED,
    ),
    "oversight:fund_payment_create": (
        lambda w: {"compound_pk": allocation_a1(w).compound_id},
        STREET_EDIT,
        "post",
        _payment_post,
        STREET_EDITED,
    ),
    "oversight:fund_payment_document": (
        lambda w: {"pk": payment_a1(w).pk},
        READ_A1,
        None,
        None,
        None,
    ),
    "api:fundallocation-list": (
        None,
        API_READ_LIST,
        "post",
        lambda w: {"compound": w.a1.pk, "amount": "50000"},
        expect(403, 403, 201, 403, 403, 403, 403, 201),
    ),
    "api:fundallocation-detail": (
        lambda w: {"pk": allocation_a1(w).pk},
        API_READ_A1,
        "patch",
        lambda w: {"amount": "90000", "reason": "设计变更"},
        expect(403, 403, 200, 403, 403, 403, 403, 200),
    ),
    # JSON cannot carry the document: those who may record payments get 400 (document
    # required); creating one with a multipart request is tested in funds/test_api.py.
    "api:fundpayment-list": (
        None,
        API_READ_LIST,
        "post",
        lambda w: {
            "allocation": allocation_a1(w).pk,
            "paid_on": "2020-06-01",
            "payee": "郑州文建工程有限公司",
            "amount": "1000",
        },  # fmt: skip
        expect(403, 403, 400, 403, 403, 403, 403, 400),
    ),
    "api:fundpayment-detail": (
        lambda w: {"pk": payment_a1(w).pk},
        API_READ_A1,
        None,
        None,
        None,
    ),
    "api:compoundfund-list": (None, API_READ_LIST, None, None, None),
    "api:compoundfund-detail": (lambda w: {"pk": w.a1.pk}, API_READ_A1, None, None, None),
}
