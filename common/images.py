"""Uploaded images, accepted by their real content and re-encoded: the one sanitiser of the site
photos (progress.photos) and of the fund's photographed documents (oversight.funds.documents).

``sanitise(data, ...)`` takes the bytes of an upload, whatever the file is called, and
- checks that they decode as a JPEG or PNG image (Pillow reads the header and verifies the
  file; nothing is decoded yet);
- refuses an image of more than ``max_pixels`` before decoding it, so a small file that would
  unpack to an enormous bitmap costs nothing;
- re-encodes it: turned upright by its EXIF orientation, converted to RGB for JPEG (greyscale
  stays greyscale), shrunk to ``max_side`` on its long side if asked, and saved afresh as JPEG,
  or as PNG when ``keep_png`` and it came as PNG. The new file carries none of the original's
  metadata: no EXIF, so no GPS position, camera or time.

A refusal is an ``ImageRefused`` whose ``reason`` says why (NOT_IMAGE, WRONG_FORMAT or
TOO_MANY_PIXELS); each caller turns it into its own message. Checking the size of an upload
before reading it is the caller's part.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG"})
EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}

# Why an upload is refused.
NOT_IMAGE = "not_image"  # not an image Pillow can read, or a broken one
WRONG_FORMAT = "format"  # an image, but neither JPEG nor PNG (GIF, WebP, TIFF...)
TOO_MANY_PIXELS = "too_many_pixels"

# What Pillow raises on a file it cannot read: not an image, truncated or corrupt, or a
# decompression bomb (more pixels than Pillow itself agrees to open).
_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)


class ImageRefused(Exception):
    """An upload that is not accepted as an image; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image, ready to store."""

    content: bytes
    format: str  # "JPEG" or "PNG"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _probe(data: bytes) -> tuple[str, int, int]:
    """Return the format and size an image's header declares, after Pillow verified it."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except _UNREADABLE:
        raise ImageRefused(NOT_IMAGE) from None
    return image_format, width, height


def sanitise(
    data: bytes,
    *,
    max_pixels: int,
    keep_png: bool = False,
    max_side: int | None = None,
    quality: int = 85,
) -> CleanImage:
    """Return ``data`` re-encoded without its metadata, or raise ImageRefused.

    ``keep_png`` keeps a PNG as PNG (lossless, for scanned pages); otherwise every image
    becomes a JPEG of ``quality``. ``max_side`` shrinks a larger image to fit, keeping its
    proportions."""
    image_format, width, height = _probe(data)
    if image_format not in ACCEPTED_FORMATS:
        raise ImageRefused(WRONG_FORMAT)
    if width * height > max_pixels:
        raise ImageRefused(TOO_MANY_PIXELS)
    output = "PNG" if keep_png and image_format == "PNG" else "JPEG"
    try:
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            image = ImageOps.exif_transpose(original)  # stays upright once EXIF is gone
            if output == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            if max_side is not None:
                image.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if output == "JPEG":
                image.save(out, format="JPEG", quality=quality, optimize=True)
            else:
                image.save(out, format="PNG", optimize=True)
    except _UNREADABLE:
        raise ImageRefused(NOT_IMAGE) from None
    return CleanImage(out.getvalue(), output)
