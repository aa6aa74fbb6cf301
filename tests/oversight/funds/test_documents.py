"""The check of supporting documents, without a database: a document is accepted by its
content, never by its name (clean_document)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oversight.funds import documents
from tests.factories import jpeg_bytes
from tests.oversight.funds.matrix import pdf_bytes

pytestmark = pytest.mark.usefixtures("english")


def _upload(data: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def test_a_pdf_is_accepted_by_its_content_and_kept_as_it_is():
    document = documents.clean_document(_upload(pdf_bytes(), "发票.pdf"))
    assert document.extension == "pdf"
    assert document.content == pdf_bytes()
    assert document.content_type == "application/pdf"


def test_the_name_does_not_matter_only_the_content():
    """A PNG named .pdf is stored as a PNG; a PDF named .jpg as a PDF."""
    assert documents.clean_document(_upload(_png(), "scan.pdf")).extension == "png"
    assert documents.clean_document(_upload(pdf_bytes(), "scan.jpg")).extension == "pdf"


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
        documents.clean_document(_upload(data, name))
    assert caught.value.code == "format"
    assert "PDF" in caught.value.messages[0] and "JPEG or PNG" in caught.value.messages[0]


def test_an_empty_or_missing_document_is_refused():
    for upload in (None, _upload(b"", "empty.pdf")):
        with pytest.raises(ValidationError) as caught:
            documents.clean_document(upload)
        assert caught.value.code == "required"


def test_a_document_over_10_mb_is_refused():
    big = pdf_bytes() + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        documents.clean_document(_upload(big, "big.pdf"))
    assert caught.value.code == "too_large"
    assert "10 MB" in caught.value.messages[0]


def test_exactly_10_mb_is_accepted():
    data = pdf_bytes()
    data += b"0" * (documents.MAX_DOCUMENT_BYTES - len(data))
    assert documents.clean_document(_upload(data, "limit.pdf")).extension == "pdf"


def test_a_photographed_document_loses_its_gps_position():
    data = jpeg_bytes(exif_gps=True)
    with Image.open(io.BytesIO(data)) as before:
        assert before.getexif().get(0x8825)  # the GPS block is there
    document = documents.clean_document(_upload(data, "receipt.jpg"))
    assert document.extension == "jpg"
    with Image.open(io.BytesIO(document.content)) as after:
        assert after.format == "JPEG"
        assert not after.getexif().get(0x8825)
        assert not after.getexif().get(0x010F)


def test_an_image_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_PIXELS", 100)
    with pytest.raises(ValidationError) as caught:
        documents.clean_document(_upload(_png(), "huge.png"))
    assert caught.value.code == "too_many_pixels"
