"""Pages of the special fund: the list of compounds with their totals and filters, a
compound's budgets and payments, setting and changing a budget, recording a payment with its
document, the document served only inside the reader's scope, the panel on a compound's page
and the summary on the public page."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import permission_cache
from oversight.funds import selectors, services
from oversight.models import FundAllocation, FundPayment
from tests.factories import CompoundFactory, WorkItemFactory
from tests.oversight.funds.matrix import (
    allocation_a1,
    payment_a1,
    payment_body,
    pdf_bytes,
    pdf_upload,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db

LIST = reverse("oversight:fund_list")


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["street_staff"])
    return english(client)


def compound_url(compound):
    return reverse("oversight:compound_funds", kwargs={"compound_pk": compound.pk})


def pay(allocation, amount, **fields):
    return services.payment_create(
        user=None, allocation=allocation, paid_on=fields.pop("paid_on", datetime.date(2020, 6, 1)),
        payee=fields.pop("payee", "郑州文建工程有限公司"), amount=Decimal(amount),
        document=pdf_upload(), **fields,
    )  # fmt: skip


@pytest.fixture
def funded(world):
    """a1: ¥80,000 for its work item, ¥30,000 paid; a2: ¥10,000 general, ¥9,500 paid."""
    pay(allocation_a1(world), "30000", note="预付款")
    pay(FundAllocation.objects.create(compound=world.a2, amount=Decimal("10000")), "9500")
    return world


# --- The list --------------------------------------------------------------------------------


def test_list_shows_each_compound_and_the_totals_at_the_top(staff, funded):
    response = staff.get(LIST)
    text = page_text(response)
    assert response.context["totals"]["planned"] == Decimal("90000")
    assert response.context["totals"]["paid"] == Decimal("39500")
    assert "Totals of 2 compounds" in text  # street 甲: a1 and a2
    assert "2 of 2 compounds have a budget · 2 payments" in text
    assert "甲一1号院" in text and "甲二2号院" in text and "乙一3号院" not in text
    assert "38%" in text and "95%" in text


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"nearly_spent": "true"}, {"甲二2号院"}),
        ({"nearly_spent": "false"}, {"甲一1号院"}),
        ({"q": "甲一"}, {"甲一1号院"}),
        ({"community": "a2"}, {"甲二2号院"}),
        ({"plan": "a"}, {"甲一1号院", "甲二2号院"}),
    ],
)
def test_list_filters(staff, funded, params, names):
    lookup = {"a2": funded.community_a2.pk, "a": funded.plan_a.pk}
    params = {key: lookup.get(value, value) for key, value in params.items()}
    response = staff.get(LIST, params)
    assert {c.name for c in response.context["page"].object_list} == names
    totals = response.context["totals"]
    assert totals["compounds"] == len(names)  # the totals follow the filters


def test_an_invalid_filter_lists_nothing_and_says_so(staff, funded):
    response = staff.get(LIST, {"nearly_spent": "maybe"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "Some filters are not valid" in page_text(response)


def test_list_query_count_does_not_grow_with_the_compounds(staff, funded):
    def queries():
        permission_cache._bump()  # each count with the permissions read from the database
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(LIST).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(6):
        compound = CompoundFactory(community=funded.community_a1, plan=funded.plan_a)
        pay(FundAllocation.objects.create(compound=compound, amount=1000), "10")
    assert queries() == before


# --- A compound's page -----------------------------------------------------------------------


def test_compound_page_shows_each_budget_with_its_payments(staff, funded):
    FundAllocation.objects.create(compound=funded.a1, amount=Decimal("5000"), note="设计费")
    response = staff.get(compound_url(funded.a1))
    text = page_text(response)
    assert "demolition of illegal structures" in text and "general (no single work item)" in text
    assert "2020-06-01 · ¥30,000.00" in text and "郑州文建工程有限公司" in text and "预付款" in text
    payment = FundPayment.objects.get(allocation__compound=funded.a1)
    html = response.content.decode()
    assert reverse("oversight:fund_payment_document", args=[payment.pk]) in html
    assert "/media/" not in html
    assert reverse("oversight:fund_payment_create", args=[funded.a1.pk]) in html
    assert reverse("oversight:fund_allocation_change", args=[payment.allocation_id]) in html


def test_readers_see_the_fund_without_the_forms(client, funded):
    client.force_login(funded.users["community_staff"])
    html = english(client).get(compound_url(funded.a1)).content.decode()
    assert "郑州文建工程有限公司" in html
    assert reverse("oversight:fund_payment_create", args=[funded.a1.pk]) not in html
    assert reverse("oversight:fund_allocation_create", args=[funded.a1.pk]) not in html
    assert "/change/" not in html


# --- Budgets ---------------------------------------------------------------------------------


def test_set_a_budget_for_a_work_item_then_the_general_one(staff, world):
    url = reverse("oversight:fund_allocation_create", args=[world.a1.pk])
    response = staff.post(url, {"work_item": world.work_item_a1.pk, "amount": "80000"})
    assert response.status_code == 302 and response["Location"] == compound_url(world.a1)
    response = staff.post(url, {"work_item": "", "amount": "6000", "note": "设计费、监理费"})
    assert response.status_code == 302
    assert FundAllocation.objects.filter(compound=world.a1).count() == 2
    # Everything has a budget now: the page sends the user to change an amount instead.
    response = staff.get(url, follow=True)
    assert "change an amount instead" in page_text(response)


def test_the_budget_form_offers_only_work_items_without_a_budget(staff, world):
    second = WorkItemFactory(compound=world.a1, category="heating")
    allocation_a1(world)
    response = staff.get(reverse("oversight:fund_allocation_create", args=[world.a1.pk]))
    assert list(response.context["form"].fields["work_item"].queryset) == [second]


def test_a_budget_form_with_bad_input_says_why(staff, world):
    url = reverse("oversight:fund_allocation_create", args=[world.a1.pk])
    response = staff.post(url, {"work_item": "", "amount": "-3"})
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    response = staff.post(url, {"work_item": "999999", "amount": "10"})
    assert response.status_code == 200 and response.context["form"].errors["work_item"]
    assert not FundAllocation.objects.exists()


def test_change_a_budget_with_its_reason_shown_in_the_history(staff, funded):
    allocation = allocation_a1(funded)
    url = reverse("oversight:fund_allocation_change", args=[allocation.pk])
    response = staff.post(url, {"amount": "95000", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = staff.post(url, {"amount": "20000", "reason": "压缩"})
    assert response.status_code == 200
    assert "¥30,000.00 has already been paid out of this budget" in page_text(response)
    assert "¥80,000" in page_text(response)  # the page shows the budget as stored
    response = staff.post(url, {"amount": "95000", "reason": "追加管线长度"}, follow=True)
    assert "The budget of demolition of illegal structures is now ¥95,000.00." in page_text(
        response
    )
    detail = staff.get(reverse("oversight:fund_allocation_detail", args=[allocation.pk]))
    text = page_text(detail)
    assert "Reason: 追加管线长度" in text
    assert "80000.00 → 95000.00" in text


# --- Payments --------------------------------------------------------------------------------


def test_record_a_payment_with_its_document(staff, funded):
    allocation = allocation_a1(funded)
    url = reverse("oversight:fund_payment_create", args=[funded.a1.pk])
    response = staff.get(url, {"allocation": allocation.pk})
    assert response.context["form"].initial["allocation"] == allocation.pk
    assert 'enctype="multipart/form-data"' in response.content.decode()
    response = staff.post(url, payment_body(allocation))
    assert response.status_code == 302
    assert response["Location"] == f"{compound_url(funded.a1)}#allocation-{allocation.pk}"
    payment = FundPayment.objects.get(payee="河南信衡工程监理有限公司")
    assert payment.recorded_by == funded.users["street_staff"]
    assert selectors.allocation_budget(allocation=allocation).paid == Decimal("42000")


def test_a_payment_beyond_the_budget_is_refused_on_the_page_with_what_to_do(staff, funded):
    allocation = allocation_a1(funded)  # ¥80,000, ¥30,000 paid
    url = reverse("oversight:fund_payment_create", args=[funded.a1.pk])
    response = staff.post(url, payment_body(allocation, amount="50000.01"))
    assert response.status_code == 200
    assert (
        "Only ¥50,000.00 remains of this budget (¥80,000.00 planned, ¥30,000.00 paid), so a "
        "payment of ¥50,000.01 is refused. Raise the budget first, giving the reason, then "
        "record the payment." in page_text(response)
    )
    assert FundPayment.objects.count() == 2  # a1's and a2's


def test_a_document_that_is_not_a_pdf_or_image_is_refused_on_its_field(staff, funded):
    allocation = allocation_a1(funded)
    url = reverse("oversight:fund_payment_create", args=[funded.a1.pk])
    fake = SimpleUploadedFile("发票.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = staff.post(url, payment_body(allocation, document=fake))
    assert response.status_code == 200
    assert "neither a PDF nor a JPEG or PNG" in response.context["form"].errors["document"][0]
    response = staff.post(url, {**payment_body(allocation), "document": ""})
    assert response.context["form"].errors["document"]


def test_payment_page_without_any_budget_sends_the_user_to_set_one(staff, world):
    url = reverse("oversight:fund_payment_create", args=[world.a1.pk])
    response = staff.get(url, follow=True)
    assert "set a budget before recording payments" in page_text(response)


# --- Documents -------------------------------------------------------------------------------


def test_the_document_is_served_to_readers_of_the_compound_only(client, world):
    payment = payment_a1(world)
    url = reverse("oversight:fund_payment_document", args=[payment.pk])
    assert not url.startswith("/media/")
    expected = {"street_staff": 200, "community_staff": 200, "inspector": 200,
                "other_community_staff": 404, "supervisor": 403, "no_role": 403}  # fmt: skip
    for who, status in expected.items():
        client.force_login(world.users[who])
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert b"".join(response.streaming_content) == pdf_bytes()
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment")
            assert "sandbox" in response["Content-Security-Policy"]
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_media_folder_is_not_served(client, world):
    payment = payment_a1(world)
    assert client.get(f"/media/{payment.document.name}").status_code == 404
    client.force_login(world.users["admin"])
    assert client.get(f"/media/{payment.document.name}").status_code == 404


def test_a_missing_document_file_is_not_found(client, world):
    payment = payment_a1(world)
    payment.document.storage.delete(payment.document.name)
    client.force_login(world.users["street_staff"])
    url = reverse("oversight:fund_payment_document", args=[payment.pk])
    assert client.get(url).status_code == 404


def test_an_image_document_is_shown_inline_as_an_image(client, world):
    from tests.factories import jpeg_bytes

    payment = services.payment_create(
        user=None, allocation=allocation_a1(world), paid_on=datetime.date(2020, 6, 2),
        payee="郑州文建工程有限公司", amount=Decimal("10"),
        document=SimpleUploadedFile("receipt.png", jpeg_bytes()),
    )  # fmt: skip
    client.force_login(world.users["street_staff"])
    response = client.get(reverse("oversight:fund_payment_document", args=[payment.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")


# --- The compound's page and the public page -------------------------------------------------


def test_compound_page_has_a_fund_panel_for_those_who_read_the_fund(client, funded):
    url = reverse("compounds:compound_detail", args=[funded.a1.pk])
    client.force_login(funded.users["street_staff"])
    response = english(client).get(url)
    text = page_text(response)
    assert "Special fund" in text and "¥80,000" in text and "¥30,000" in text and "¥50,000" in text
    assert compound_url(funded.a1) in response.content.decode()
    client.force_login(funded.users["supervisor"])
    response = client.get(url)
    assert response.status_code == 200
    assert compound_url(funded.a1) not in response.content.decode()


def public_url(compound):
    return reverse("oversight:public_compound_detail", kwargs={"pk": compound.pk})


def test_public_page_shows_the_fund_per_kind_of_work_without_payees(client, funded):
    general = FundAllocation.objects.create(compound=funded.a1, amount=Decimal("6000"))
    pay(general, "2000", payee="王师傅", note="张三的设计费", paid_on=datetime.date(2020, 6, 20))
    response = english(client).get(public_url(funded.a1))
    keys = [part["key"] for part in response.context["sections"]]
    assert keys[-1] == "funds" and keys.index("funds") > keys.index("opinions")
    text = page_text(response)
    assert "Special fund" in text
    assert "demolition of illegal structures paid ¥30,000.00 of ¥80,000.00" in text
    assert "1 payment · ¥50,000.00 remaining" in text
    assert "costs of no single work item (design, supervision) paid ¥2,000.00 of ¥6,000.00" in text
    assert "2 payments in all." in text
    assert "Latest payment: 2020-06-20." in text
    html = response.content.decode()
    for secret in ("王师傅", "张三", "郑州文建工程有限公司", "预付款", "document"):
        assert secret not in html, secret


def test_public_page_leaves_the_fund_out_for_a_compound_without_budget(client, world):
    keys = [part["key"] for part in client.get(public_url(world.a1)).context["sections"]]
    assert "funds" not in keys
    allocation_a1(world)  # a budget without payments is shown: planned and all remaining
    section = next(
        part["context"]
        for part in client.get(public_url(world.a1)).context["sections"]
        if part["key"] == "funds"
    )
    assert section["total"]["planned"] == Decimal("80000")
    assert section["total"]["payments"] == 0 and section["latest"] is None


def test_an_amount_is_written_the_same_on_every_page_that_shows_it(staff, funded):
    """Figures agree (issue 16): the list's rows wrote "¥80,000" where the compound's page and
    its register panel wrote "¥80,000.00"; every page writes amounts with common.rules.yuan."""
    from common.rules import yuan
    from oversight.funds import selectors

    totals = selectors.compound_budget(compound=funded.a1)
    expected = [yuan(totals.planned), yuan(totals.paid), yuan(totals.remaining)]
    pages = {
        "list": staff.get(LIST),
        "compound": staff.get(compound_url(funded.a1)),
        "register": staff.get(reverse("compounds:compound_detail", args=[funded.a1.pk])),
        "public": staff.get(public_url(funded.a1)),
    }
    for name, response in pages.items():
        text = page_text(response)
        missing = [amount for amount in expected if amount not in text]
        assert not missing, (name, missing)
