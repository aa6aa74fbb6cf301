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
from tests.matrix import (
    A1_PAGE,
    API_A1,
    API_LIST,
    API_STREET_CHANGED,
    API_STREET_CREATED,
    STAFF_PAGE,
    STREET_EDIT_PAGE,
    STREET_EDITED,
    Page,
    Write,
)

# Every staff role reads the fund but the resident supervisor.
READ_LIST = STAFF_PAGE | {"supervisor": 403}
READ_A1 = A1_PAGE | {"supervisor": 403}
API_READ_LIST = API_LIST | {"supervisor": 403}
API_READ_A1 = API_A1 | {"supervisor": 403}


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


def payment_body(allocation, /, **changes) -> dict:
    """What the payment form and the API take to record a payment out of ``allocation``
    (multipart, with a PDF), with ``changes`` to it."""
    return {
        "allocation": allocation.pk,
        "paid_on": "2020-06-10",
        "payee": "河南信衡工程监理有限公司",
        "amount": "12000",
        "note": "监理费",
        "document": pdf_upload("监理合同.pdf"),
        **changes,
    }


def _payment_post(w):
    return payment_body(allocation_a1(w), amount="1000")


MATRIX = {
    "oversight:fund_list": Page(get=READ_LIST),
    "oversight:compound_funds": Page(url_kwargs=lambda w: {"compound_pk": w.a1.pk}, get=READ_A1),
    "oversight:fund_allocation_create": Page(
        url_kwargs=lambda w: {"compound_pk": w.a1.pk},
        get=STREET_EDIT_PAGE,
        write=Write(
            "post",
            lambda w: {"work_item": "", "amount": "50000", "note": "设计费、监理费"},
            STREET_EDITED,
        ),
    ),
    "oversight:fund_allocation_detail": Page(
        url_kwargs=lambda w: {"pk": allocation_a1(w).pk}, get=READ_A1
    ),
    "oversight:fund_allocation_change": Page(
        url_kwargs=lambda w: {"pk": allocation_a1(w).pk},
        get=STREET_EDIT_PAGE,
        write=Write("post", lambda w: {"amount": "90000", "reason": "设计变更"}, STREET_EDITED),
    ),
    "oversight:fund_payment_create": Page(
        url_kwargs=lambda w: {"compound_pk": allocation_a1(w).compound_id},
        get=STREET_EDIT_PAGE,
        write=Write("post", _payment_post, STREET_EDITED),
    ),
    "oversight:fund_payment_document": Page(
        url_kwargs=lambda w: {"pk": payment_a1(w).pk}, get=READ_A1
    ),
    "api:fundallocation-list": Page(
        get=API_READ_LIST,
        write=Write("post", lambda w: {"compound": w.a1.pk, "amount": "50000"}, API_STREET_CREATED),
    ),
    "api:fundallocation-detail": Page(
        url_kwargs=lambda w: {"pk": allocation_a1(w).pk},
        get=API_READ_A1,
        write=Write(
            "patch", lambda w: {"amount": "90000", "reason": "设计变更"}, API_STREET_CHANGED
        ),
    ),
    # JSON cannot carry the document: those who may record payments get 400 (document
    # required); creating one with a multipart request is tested in funds/test_api.py.
    "api:fundpayment-list": Page(
        get=API_READ_LIST,
        write=Write(
            "post",
            lambda w: {
                "allocation": allocation_a1(w).pk,
                "paid_on": "2020-06-01",
                "payee": "郑州文建工程有限公司",
                "amount": "1000",
            },
            API_STREET_CREATED | {"street_staff": 400, "admin": 400},
        ),
    ),
    "api:fundpayment-detail": Page(url_kwargs=lambda w: {"pk": payment_a1(w).pk}, get=API_READ_A1),
    "api:compoundfund-list": Page(get=API_READ_LIST),
    "api:compoundfund-detail": Page(url_kwargs=lambda w: {"pk": w.a1.pk}, get=API_READ_A1),
}
