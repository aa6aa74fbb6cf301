"""Services of the special fund: budgets (one per work item, one general per compound),
amount changes with a reason kept in the history, and payments that never go beyond what a
budget has left, each with a checked supporting document stored under a random name."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common import clock
from oversight.funds import rules, selectors, services
from oversight.models import FundAllocation, FundPayment
from tests.factories import WorkItemFactory, jpeg_bytes
from tests.oversight.funds.matrix import allocation_a1, pdf_bytes, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.date(2020, 6, 1)


def pay(allocation, amount, *, user=None, document=None, **fields):
    return services.payment_create(
        user=user,
        allocation=allocation,
        paid_on=fields.pop("paid_on", DAY),
        payee=fields.pop("payee", "郑州文建工程有限公司"),
        amount=Decimal(amount),
        document=document or pdf_upload(),
        **fields,
    )


# --- Budgets ---------------------------------------------------------------------------------


def test_street_staff_set_a_work_items_budget_and_the_general_one(world):
    user = world.users["street_staff"]
    item = services.allocation_create(
        user=user, compound=world.a1, work_item=world.work_item_a1, amount=Decimal("80000")
    )
    general = services.allocation_create(
        user=user, compound=world.a1, amount=Decimal("12000"), note="设计费"
    )
    assert item.work_item == world.work_item_a1 and general.work_item is None
    assert item.history.get().history_user == user
    assert selectors.compound_budget(compound=world.a1).planned == Decimal("92000")


def test_a_second_budget_for_the_same_work_item_is_refused(world):
    user = world.users["street_staff"]
    allocation_a1(world)
    with pytest.raises(ValidationError) as caught:
        services.allocation_create(
            user=user, compound=world.a1, work_item=world.work_item_a1, amount=Decimal("1")
        )
    assert caught.value.message_dict["work_item"] == [
        "This work item has a budget already: change its amount instead."
    ]


def test_a_second_general_budget_is_refused(world):
    user = world.users["street_staff"]
    services.allocation_create(user=user, compound=world.a1, amount=Decimal("1000"))
    with pytest.raises(ValidationError) as caught:
        services.allocation_create(user=user, compound=world.a1, amount=Decimal("2000"))
    assert "general budget already" in caught.value.message_dict["work_item"][0]
    assert FundAllocation.objects.filter(compound=world.a1).count() == 1


def test_a_work_item_of_another_compound_is_refused(world):
    other = WorkItemFactory(compound=world.a2)
    with pytest.raises(ValidationError) as caught:
        services.allocation_create(
            user=world.users["street_staff"], compound=world.a1, work_item=other, amount=1000
        )
    assert "another compound" in caught.value.message_dict["work_item"][0]


def test_a_negative_budget_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.allocation_create(user=None, compound=world.a1, amount=Decimal("-1"))
    assert "amount" in caught.value.message_dict


def test_budgets_are_set_by_street_staff_of_the_compounds_street_only(world):
    with pytest.raises(ValidationError) as caught:
        services.allocation_create(
            user=world.users["street_staff"], compound=world.b1, amount=Decimal("1000")
        )
    assert "compounds you work on" in caught.value.message_dict["compound"][0]
    for who in ("community_staff", "inspector", "supervisor"):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.allocation_create(
                user=world.users[who], compound=world.a1, amount=Decimal("1000")
            )
    assert not FundAllocation.objects.exists()


def test_changing_a_budget_needs_a_reason_kept_in_the_history(world):
    allocation = allocation_a1(world)
    user = world.users["street_staff"]
    with pytest.raises(ValidationError) as caught:
        services.allocation_change(allocation=allocation, user=user, amount=Decimal("90000"),
                                reason="  ")  # fmt: skip
    assert caught.value.message_dict["reason"] == [
        "Say why the budget changes: the reason is kept in the history."
    ]
    services.allocation_change(
        allocation=allocation, user=user, amount=Decimal("90000"), reason="设计变更，增加管线"
    )
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("90000")
    latest = allocation.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "设计变更，增加管线"
    assert latest.history_user == user
    assert latest.prev_record.amount == Decimal("80000")


def test_a_budget_cannot_be_lowered_below_what_was_paid(world):
    allocation = allocation_a1(world)
    pay(allocation, "30000")
    with pytest.raises(ValidationError) as caught:
        services.allocation_change(
            allocation=allocation, user=None, amount=Decimal("29999.99"), reason="压缩预算"
        )
    assert caught.value.message_dict["amount"] == [
        "¥30,000.00 has already been paid out of this budget, so it cannot be lowered to "
        "¥29,999.99. Enter ¥30,000.00 or more."
    ]
    services.allocation_change(
        allocation=allocation, user=None, amount=Decimal("30000"), reason="压缩预算"
    )  # down to exactly what was paid
    assert selectors.allocation_budget(allocation=allocation).remaining == 0


def test_changing_a_budget_to_its_own_amount_says_so(world):
    allocation = allocation_a1(world)
    with pytest.raises(ValidationError) as caught:
        services.allocation_change(allocation=allocation, user=None, amount=Decimal("80000"),
                                reason="无")  # fmt: skip
    assert "already" in caught.value.message_dict["amount"][0]


def test_only_the_street_changes_budgets(world):
    allocation = allocation_a1(world)
    for who in ("community_staff", "inspector", "other_community_staff"):
        with pytest.raises(PermissionDenied):
            services.allocation_change(allocation=allocation, user=world.users[who],
                                    amount=Decimal("1"), reason="x")  # fmt: skip
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("80000")


# --- Payments --------------------------------------------------------------------------------


def test_a_payment_is_recorded_with_its_document_under_a_random_name(world):
    user = world.users["street_staff"]
    payment = pay(
        allocation_a1(world), "20000.50", user=user,
        document=pdf_upload("../../etc/passwd 发票.pdf"), note="预付款",
    )  # fmt: skip
    assert payment.recorded_by == user
    assert payment.history.get().history_user == user
    name = payment.document.name
    assert name.startswith(f"fund-documents/2020/06/{payment.allocation_id}-")
    assert name.endswith(".pdf")
    assert "passwd" not in name and "发票" not in name and ".." not in name
    with payment.document.open("rb") as stored:
        assert stored.read() == pdf_bytes()
    assert selectors.allocation_budget(allocation=payment.allocation).paid == Decimal("20000.50")


def test_a_payment_beyond_what_remains_is_refused_saying_what_remains_and_what_to_do(world):
    allocation = allocation_a1(world)  # ¥80,000
    pay(allocation, "75000")
    with pytest.raises(ValidationError) as caught:
        pay(allocation, "5000.01")
    assert caught.value.message_dict["amount"] == [
        "Only ¥5,000.00 remains of this budget (¥80,000.00 planned, ¥75,000.00 paid), so a "
        "payment of ¥5,000.01 is refused. Raise the budget first, giving the reason, then "
        "record the payment."
    ]
    assert FundPayment.objects.count() == 1
    pay(allocation, "5000.00")  # exactly what remains
    assert selectors.allocation_budget(allocation=allocation).remaining == 0


def test_once_the_budget_is_raised_with_a_reason_the_payment_goes_through(world):
    allocation = allocation_a1(world)
    pay(allocation, "80000")
    with pytest.raises(ValidationError):
        pay(allocation, "10000")
    services.allocation_change(
        allocation=allocation, user=world.users["street_staff"], amount=Decimal("90000"),
        reason="追加管线长度",
    )  # fmt: skip
    pay(allocation, "10000")
    assert selectors.allocation_budget(allocation=allocation) == rules.Budget(
        Decimal("90000"), Decimal("90000")
    )


def test_every_reason_is_given_at_once(world):
    """A wrong document and an amount beyond the budget: both are said, on their fields."""
    allocation = allocation_a1(world)
    with pytest.raises(ValidationError) as caught:
        pay(allocation, "100000", document=SimpleUploadedFile("a.pdf", b"<html></html>"),
            paid_on=clock.today() + datetime.timedelta(days=1), payee=" ")  # fmt: skip
    errors = caught.value.message_dict
    assert set(errors) == {"amount", "document", "paid_on", "payee"}
    assert "Only ¥80,000.00 remains" in errors["amount"][0]
    assert errors["paid_on"] == ["This day is in the future."]
    assert not FundPayment.objects.exists()


def test_a_refused_payment_leaves_no_file_behind(world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip
    allocation = allocation_a1(world)
    with pytest.raises(ValidationError):
        pay(allocation, "90000")
    assert not any(tmp_path.rglob("*.pdf"))


def test_an_image_document_is_re_encoded_without_its_metadata(world):
    payment = pay(
        allocation_a1(world),
        "100",
        document=SimpleUploadedFile("scan.pdf", jpeg_bytes(exif_gps=True)),
    )
    assert payment.document.name.endswith(".jpg")
    with payment.document.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get(0x8825)


@pytest.mark.parametrize("amount", ["0", "-5", "0.001"])
def test_a_payment_must_be_at_least_a_cent(world, amount):
    with pytest.raises(ValidationError) as caught:
        pay(allocation_a1(world), amount)
    assert "amount" in caught.value.message_dict


def test_payments_are_recorded_by_street_staff_of_the_compounds_street_only(world):
    allocation = allocation_a1(world)
    for who in ("community_staff", "inspector", "supervisor"):
        with pytest.raises((PermissionDenied, ValidationError)):
            pay(allocation, "100", user=world.users[who])
    b1 = FundAllocation.objects.create(compound=world.b1, amount=Decimal("1000"))
    with pytest.raises(ValidationError) as caught:
        pay(b1, "100", user=world.users["street_staff"])
    assert "compounds you work on" in caught.value.message_dict["allocation"][0]
    assert not FundPayment.objects.exists()


def test_the_remaining_budget_is_read_from_the_database_not_the_callers_copy(world):
    """A stale allocation object (its amount since lowered elsewhere) cannot let a payment
    through: the service reads the locked row."""
    stale = allocation_a1(world)
    FundAllocation.objects.filter(pk=stale.pk).update(amount=Decimal("1000"))
    with pytest.raises(ValidationError) as caught:
        pay(stale, "5000")
    assert "Only ¥1,000.00 remains" in caught.value.message_dict["amount"][0]
