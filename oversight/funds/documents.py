"""The special fund's supporting documents: accepted by their content, never by their name.

A document is a PDF (it starts with ``%PDF-``), or a JPEG or PNG image that Pillow can read,
re-encoded by common.images (so its metadata, such as a phone's GPS position, is dropped). It is
stored under a random name and served only by a view that checks the reader's scope, never from
a public media URL.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common import images

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_PIXELS = 40_000_000
# A photographed page is kept up to this long side (legible: about 340 dpi on A4), so a JPEG
# from a phone is decoded at a reduced scale (common.images.DecodeBudget counts what it costs).
MAX_DOCUMENT_SIDE = 4000
PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Document:
    """A checked supporting document: its content, ready to store, and its kind."""

    content: bytes
    extension: str  # "pdf", "jpg" or "png"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def _not_a_document():
    return ValidationError(
        _(
            "This file is neither a PDF nor a JPEG or PNG image. Scan or photograph the "
            "invoice, contract page or acceptance sheet, and upload that file."
        ),
        code="format",
    )


def _clean_image(data: bytes, budget: images.DecodeBudget | None) -> Document:
    """Re-encode a photographed or scanned document: a JPEG stays a JPEG (upright, without its
    metadata, at most MAX_DOCUMENT_SIDE on its long side), a PNG a PNG. Decoding it is charged
    to ``budget`` (the form's), or to a budget of its own."""
    try:
        image = images.sanitise(
            data,
            max_pixels=MAX_DOCUMENT_PIXELS,
            keep_png=True,
            max_side=MAX_DOCUMENT_SIDE,
            quality=90,
            budget=budget,
        )
    except images.ImageRefused as refused:
        if refused.reason in (images.TOO_MANY_PIXELS, images.TOO_COSTLY, images.OVER_BUDGET):
            raise ValidationError(
                _(
                    "The image has too many pixels: scan it at a lower resolution and upload it "
                    "again."
                ),
                code="too_many_pixels",
            ) from None
        raise _not_a_document() from None
    return Document(image.content, image.extension)


def clean_document(upload, *, budget: images.DecodeBudget | None = None) -> Document:
    """Check a supporting document by its content: a PDF, JPEG or PNG of at most 10 MB.
    Images are re-encoded without their metadata, their decoding charged to ``budget`` (the
    form's; without one, the document has its own). Raise ValidationError saying why not."""
    if upload is None or not getattr(upload, "size", None):
        raise ValidationError(
            _("Attach the supporting document: a PDF, JPEG or PNG of the invoice or contract."),
            code="required",
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is too large: at most %(mb)d MB. Scan it at a lower resolution.")
            % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is too large: at most %(mb)d MB. Scan it at a lower resolution.")
            % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if data.startswith(PDF_MAGIC):
        return Document(data, "pdf")
    if data.startswith(JPEG_MAGIC) or data.startswith(PNG_MAGIC):
        return _clean_image(data, budget)
    raise _not_a_document()


def document_content_type(payment) -> str:
    """Return the content type of a stored document, from the extension the service gave it."""
    extension = payment.document.name.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def document_filename(payment) -> str:
    """Return the name a downloaded document gets: compound, day and payment number."""
    extension = payment.document.name.rsplit(".", 1)[-1].lower()
    compound = payment.allocation.compound.name
    return f"{compound}-{payment.paid_on:%Y%m%d}-{payment.pk}.{extension}"
