"""The fund's pure rules and the check of supporting documents, without a database.

Budget(planned, paid): what remains, the paid share, and whether a payment stays within what
is left. clean_document(): a document is accepted by its content, never by its name.
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from oversight.funds import services as funds
from oversight.rules import Budget
from tests.factories import jpeg_bytes
from tests.oversight.matrix_funds import pdf_bytes


def test_budget_remaining_is_planned_less_paid():
    assert Budget(Decimal("100000.00"), Decimal("35000.50")).remaining == Decimal("64999.50")
    assert Budget(Decimal("0"), Decimal("0")).remaining == Decimal("0")


def test_budget_allows_a_payment_up_to_what_remains_exactly():
    budget = Budget(Decimal("100000.00"), Decimal("90000.00"))
    assert budget.allows(Decimal("9999.99"))
    assert budget.allows(Decimal("10000.00"))  # the whole remainder
    assert not budget.allows(Decimal("10000.01"))  # one cent too many


def test_budget_of_nothing_allows_nothing():
    assert not Budget(Decimal("0"), Decimal("0")).allows(Decimal("0.01"))


def test_paid_share_is_none_without_a_budget():
    assert Budget(Decimal("0"), Decimal("0")).paid_share is None
    assert Budget(Decimal("200"), Decimal("50")).paid_share == Decimal("0.25")


@pytest.mark.parametrize(
    ("share", "percent"),
    [
        (None, None),
        (Decimal("0"), 0),
        (Decimal("0.594"), 59),
        (Decimal("0.595"), 60),  # half up, as the street reports
        (Decimal("0.996"), 99),  # not all paid: never shown as 100
        (Decimal("1"), 100),
        (Decimal("1.2"), 120),  # only possible if records were entered around the rules
    ],
)
def test_share_percent(share, percent):
    assert funds.share_percent(share) == percent


def test_budget_figures_mark_90_percent_spent_as_nearly_spent():
    assert funds.budget_figures(Decimal("1000"), Decimal("900"))["nearly_spent"]
    assert not funds.budget_figures(Decimal("1000"), Decimal("899.99"))["nearly_spent"]
    assert not funds.budget_figures(Decimal("0"), Decimal("0"))["nearly_spent"]
    figures = funds.budget_figures(Decimal("1000"), Decimal("250"))
    assert figures == {
        "planned": Decimal("1000"),
        "paid": Decimal("250"),
        "remaining": Decimal("750"),
        "percent": 25,
        "nearly_spent": False,
    }


def test_yuan_writes_amounts_with_thousands_and_cents():
    assert funds.yuan(Decimal("1234567.8")) == "¥1,234,567.80"
    assert funds.yuan(None) == "¥0.00"


# --- Supporting documents ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English, the language they are written in."""
    with translation.override("en"):
        yield


def _upload(data: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def test_a_pdf_is_accepted_by_its_content_and_kept_as_it_is():
    document = funds.clean_document(_upload(pdf_bytes(), "发票.pdf"))
    assert document.extension == "pdf"
    assert document.content == pdf_bytes()
    assert document.content_type == "application/pdf"


def test_the_name_does_not_matter_only_the_content():
    """A PNG named .pdf is stored as a PNG; a PDF named .jpg as a PDF."""
    assert funds.clean_document(_upload(_png(), "scan.pdf")).extension == "png"
    assert funds.clean_document(_upload(pdf_bytes(), "scan.jpg")).extension == "pdf"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "invoice.pdf"),
        (b"MZ\x90\x00 an executable", "invoice.pdf"),
        (b"PK\x03\x04 a zip or a spreadsheet", "invoice.xlsx"),
        (b"GIF89a\x01\x00\x01\x00", "invoice.gif"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "photo.jpg"),  # right magic, broken image
        (b"\x89PNG\r\n\x1a\n broken", "photo.png"),
        (b" %PDF-1.4 with a space first", "invoice.pdf"),
    ],
)
def test_anything_else_is_refused_with_a_sentence_saying_what_to_upload(data, name):
    with pytest.raises(ValidationError) as caught:
        funds.clean_document(_upload(data, name))
    assert caught.value.code == "format"
    assert "PDF" in caught.value.messages[0] and "JPEG or PNG" in caught.value.messages[0]


def test_an_empty_or_missing_document_is_refused():
    for upload in (None, _upload(b"", "empty.pdf")):
        with pytest.raises(ValidationError) as caught:
            funds.clean_document(upload)
        assert caught.value.code == "required"


def test_a_document_over_10_mb_is_refused():
    big = pdf_bytes() + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        funds.clean_document(_upload(big, "big.pdf"))
    assert caught.value.code == "too_large"
    assert "10 MB" in caught.value.messages[0]


def test_exactly_10_mb_is_accepted():
    data = pdf_bytes()
    data += b"0" * (funds.MAX_DOCUMENT_BYTES - len(data))
    assert funds.clean_document(_upload(data, "limit.pdf")).extension == "pdf"


def test_a_photographed_document_loses_its_gps_position():
    data = jpeg_bytes(exif_gps=True)
    with Image.open(io.BytesIO(data)) as before:
        assert before.getexif().get(0x8825)  # the GPS block is there
    document = funds.clean_document(_upload(data, "receipt.jpg"))
    assert document.extension == "jpg"
    with Image.open(io.BytesIO(document.content)) as after:
        assert after.format == "JPEG"
        assert not after.getexif().get(0x8825)
        assert not after.getexif().get(0x010F)


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(funds, "MAX_DOCUMENT_PIXELS", 100)
    with pytest.raises(ValidationError) as caught:
        funds.clean_document(_upload(_png(), "huge.png"))
    assert caught.value.code == "too_many_pixels"
