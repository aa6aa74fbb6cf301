"""API of the special fund: budgets (their amount changed only with a reason), payments
created with a multipart document, and each compound's planned, paid and remaining. Bad input
gets a 400 naming the field and the reason; other streets' records are not found."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.funds import services
from oversight.models import FundAllocation, FundPayment
from tests.oversight.funds.matrix import (
    allocation_a1,
    payment_a1,
    payment_body,
    pdf_bytes,
    pdf_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ALLOCATIONS = reverse("api:fundallocation-list")
PAYMENTS = reverse("api:fundpayment-list")
SUMMARIES = reverse("api:compoundfund-list")


def detail(allocation):
    return reverse("api:fundallocation-detail", args=[allocation.pk])


# --- Budgets ---------------------------------------------------------------------------------


def test_create_a_budget_and_read_its_figures(api, world):
    response = api.post(
        ALLOCATIONS,
        {"compound": world.a1.pk, "work_item": world.work_item_a1.pk, "amount": "80000"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["label"] == "demolition of illegal structures"
    assert (data["amount"], data["paid"], data["remaining"], data["payment_count"]) == (
        "80000.00", "0.00", "80000.00", 0,
    )  # fmt: skip
    assert "reason" not in data


def test_a_duplicate_budget_is_a_400_on_work_item(api, world):
    allocation_a1(world)
    response = api.post(
        ALLOCATIONS,
        {"compound": world.a1.pk, "work_item": world.work_item_a1.pk, "amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "work_item": ["This work item has a budget already: change its amount instead."]
    }


def test_a_compound_outside_the_users_scope_is_a_400(api, world):
    response = api.post(
        ALLOCATIONS, {"compound": world.b1.pk, "amount": "1"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "compound" in response.json()


def test_changing_the_amount_needs_a_reason(api, world):
    allocation = allocation_a1(world)
    response = api.patch(detail(allocation), {"amount": "90000"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Say why the budget changes: the reason is kept in the history."]
    }
    response = api.patch(
        detail(allocation), {"amount": "90000", "reason": "设计变更"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["amount"] == "90000.00"
    allocation.refresh_from_db()
    assert allocation.history.first().history_change_reason == "设计变更"


def test_a_change_without_amount_or_reason_names_both(api, world):
    """The service says what is missing, as on the page: the amount, and the reason
    (common.rules.has_reason: blanks are none)."""
    response = api.patch(
        detail(allocation_a1(world)), {"reason": "  "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Say why the budget changes: the reason is kept in the history."],
        "amount": ["Enter the new budget in yuan."],
    }


def test_a_patch_without_amount_says_so(api, world):
    response = api.patch(
        detail(allocation_a1(world)), {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and list(response.json()) == ["amount"]


def test_the_compound_and_work_item_of_a_budget_stay(api, world):
    allocation = allocation_a1(world)
    response = api.patch(
        detail(allocation),
        {"amount": "90000", "reason": "x", "compound": world.a2.pk, "note": "改"},
        content_type="application/json",
    )
    assert response.status_code == 200
    allocation.refresh_from_db()
    assert allocation.compound == world.a1 and allocation.note == ""


def test_lowering_below_what_was_paid_is_a_400_naming_what_was_paid(api, world):
    payment = payment_a1(world)  # ¥20,000 paid
    response = api.patch(
        detail(payment.allocation), {"amount": "100", "reason": "压缩"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["amount"][0].startswith("¥20,000.00 has already been paid")


def test_budgets_cannot_be_deleted(api, world):
    """Refused before the method is looked at: nobody but the admin holds a delete right."""
    assert api.delete(detail(allocation_a1(world))).status_code in (403, 405)
    assert FundAllocation.objects.count() == 1


def test_budgets_can_be_filtered(api, world):
    allocation_a1(world)
    FundAllocation.objects.create(compound=world.a1, amount=5000)
    FundAllocation.objects.create(compound=world.a2, amount=7000)
    ids = lambda params: {row["amount"] for row in api.get(ALLOCATIONS, params).json()["results"]}  # noqa: E731
    assert ids({}) == {"80000.00", "5000.00", "7000.00"}
    assert ids({"compound": world.a1.pk}) == {"80000.00", "5000.00"}
    assert ids({"general": "true"}) == {"5000.00", "7000.00"}
    assert ids({"category": "demolition"}) == {"80000.00"}
    assert api.get(ALLOCATIONS, {"general": "perhaps"}).status_code == 400


# --- Payments --------------------------------------------------------------------------------


def test_create_a_payment_with_a_multipart_document(api, world):
    allocation = allocation_a1(world)
    response = api.post(PAYMENTS, payment_body(allocation))  # multipart
    assert response.status_code == 201, response.content
    data = response.json()
    payment = FundPayment.objects.get(pk=data["id"])
    assert data["compound"] == world.a1.pk and data["amount"] == "12000.00"
    assert data["recorded_by"] == world.users["street_staff"].pk
    assert "document" not in data
    url = reverse("oversight:fund_payment_document", args=[payment.pk])
    assert data["document_url"].endswith(url)
    assert b"".join(api.get(url).streaming_content) == pdf_bytes()


def test_a_payment_beyond_the_budget_is_a_400_with_the_reason(api, world):
    allocation = allocation_a1(world)
    response = api.post(PAYMENTS, payment_body(allocation, amount="80000.01"))
    assert response.status_code == 400
    assert response.json() == {
        "amount": [
            "Only ¥80,000.00 remains of this budget (¥80,000.00 planned, ¥0.00 paid), so a "
            "payment of ¥80,000.01 is refused. Raise the budget first, giving the reason, then "
            "record the payment."
        ]
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"document": SimpleUploadedFile("x.pdf", b"<html></html>")}, "document"),
        ({"document": ""}, "document"),
        ({"amount": "0"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"paid_on": "2999-01-01"}, "paid_on"),
        ({"paid_on": ""}, "paid_on"),
        ({"payee": ""}, "payee"),
        ({"allocation": 999999}, "allocation"),
    ],
)
def test_bad_payment_input_is_a_400_on_its_field(api, world, changes, field):
    response = api.post(PAYMENTS, payment_body(allocation_a1(world), **changes))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not FundPayment.objects.exists()


def test_a_json_payment_without_document_is_a_400(api, world):
    data = payment_body(allocation_a1(world))
    del data["document"]
    response = api.post(PAYMENTS, data, content_type="application/json")
    assert response.status_code == 400 and "document" in response.json()


def test_a_budget_of_another_street_is_not_a_choice(api, world):
    other = FundAllocation.objects.create(compound=world.b1, amount=1000)
    response = api.post(PAYMENTS, payment_body(other, amount="10"))
    assert response.status_code == 400 and "allocation" in response.json()


def test_payments_are_never_changed_or_deleted(api, world):
    url = reverse("api:fundpayment-detail", args=[payment_a1(world).pk])
    assert api.patch(url, {"amount": "1"}, content_type="application/json").status_code == 405
    assert api.put(url, {}, content_type="application/json").status_code == 405
    assert api.delete(url).status_code in (403, 405)
    assert FundPayment.objects.get().amount == Decimal("20000")


def test_payments_are_listed_inside_the_users_scope(client, world):
    payment_a1(world)
    b1 = FundAllocation.objects.create(compound=world.b1, amount=1000)
    services.payment_create(
        user=None, allocation=b1, paid_on=datetime.date(2020, 6, 1), payee="某公司",
        amount=Decimal("10"), document=pdf_upload(),
    )  # fmt: skip
    for who, count in (("street_staff", 1), ("other_community_staff", 0), ("inspector", 2)):
        client.force_login(world.users[who])
        assert client.get(PAYMENTS).json()["count"] == count, who


# --- Summaries -------------------------------------------------------------------------------


def test_each_compounds_summary(api, world):
    payment_a1(world)  # ¥20,000 out of ¥80,000
    rows = {row["name"]: row for row in api.get(SUMMARIES).json()["results"]}
    assert set(rows) == {"甲一1号院", "甲二2号院"}
    assert rows["甲一1号院"] == {
        "id": world.a1.pk, "name": "甲一1号院", "community": world.community_a1.pk,
        "plan": world.plan_a.pk, "planned": "80000.00", "paid": "20000.00",
        "remaining": "60000.00", "paid_percent": 25, "allocation_count": 1, "payment_count": 1,
    }  # fmt: skip
    assert rows["甲二2号院"]["paid_percent"] is None
    names = [row["name"] for row in api.get(SUMMARIES, {"has_budget": "true"}).json()["results"]]
    assert names == ["甲一1号院"]
    url = reverse("api:compoundfund-detail", args=[world.b1.pk])
    assert api.get(url).status_code == 404
