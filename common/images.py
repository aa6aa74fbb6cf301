"""Uploaded images, accepted by their real content and re-encoded: the one sanitiser of the site
photos (progress.photos) and of the fund's photographed documents (oversight.funds.documents).

``sanitise(data, ...)`` takes the bytes of an upload, whatever the file is called, and
- checks that they decode as a JPEG or PNG image (Pillow reads the header and verifies the
  file; nothing is decoded yet);
- refuses an image of more than ``max_pixels`` before decoding it, so a small file that would
  unpack to an enormous bitmap costs nothing;
- charges what decoding it will cost to a ``DecodeBudget`` (one per form: the pixels it will
  decode, counted from the header, and the CPU time decoding takes), and refuses it before
  decoding when it is past the budget's limit for one file or for the whole form. A baseline
  JPEG is decoded at the reduced scale (1/2, 1/4, 1/8) that still covers ``max_side``
  (``Image.draft``), so a 12 MP phone photo costs 3 MP; a PNG or a progressive JPEG (decoded
  at a reduced scale too, but read whole) costs its full size;
- re-encodes it: turned upright by its EXIF orientation, converted to RGB for JPEG (greyscale
  stays greyscale), shrunk to ``max_side`` on its long side if asked, and saved afresh as JPEG,
  or as PNG when ``keep_png`` and it came as PNG. The new file carries none of the original's
  metadata: no EXIF, so no GPS position, camera or time.

A refusal is an ``ImageRefused`` whose ``reason`` says why (NOT_IMAGE, WRONG_FORMAT,
TOO_MANY_PIXELS, TOO_COSTLY for one file, OVER_BUDGET for the form); each caller turns it into
its own message. Checking the size of an upload before reading it is the caller's part.
"""

import io
import time
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG"})
EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}

# Why an upload is refused.
NOT_IMAGE = "not_image"  # not an image Pillow can read, or a broken one
WRONG_FORMAT = "format"  # an image, but neither JPEG nor PNG (GIF, WebP, TIFF...)
TOO_MANY_PIXELS = "too_many_pixels"
TOO_COSTLY = "too_costly"  # would decode to more pixels than one file may (a PNG, say)
OVER_BUDGET = "over_budget"  # fine alone, but the form's budget is spent by the files before it

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


@dataclass
class DecodeBudget:
    """What decoding the images of one form may cost, and what it has cost so far.

    ``pixels``: decoded pixels in all; ``file_pixels``: decoded pixels of one file;
    ``seconds``: CPU time of this thread spent decoding and re-encoding (``time.thread_time``,
    so a busy machine does not refuse what an idle one takes). Pixels are charged from the
    header before decoding; time is counted after, and a file is not started when the files
    before it, on average, say it would end past the budget."""

    pixels: int
    file_pixels: int
    seconds: float
    pixels_used: int = 0
    seconds_used: float = 0.0
    files: int = 0

    @classmethod
    def from_settings(cls) -> "DecodeBudget":
        return cls(
            pixels=settings.UPLOAD_DECODE_PIXELS,
            file_pixels=settings.UPLOAD_DECODE_FILE_PIXELS,
            seconds=settings.UPLOAD_DECODE_SECONDS,
        )

    @property
    def expected_seconds(self) -> float:
        """What the next file is expected to take: the mean of the files before it."""
        return self.seconds_used / self.files if self.files else 0.0

    @property
    def _out_of_time(self) -> bool:
        return (
            self.seconds_used >= self.seconds
            or self.seconds_used + self.expected_seconds > self.seconds
        )

    @property
    def spent(self) -> bool:
        """True once no further file may be decoded."""
        return self.pixels_used >= self.pixels or self._out_of_time

    def charge(self, pixels: int) -> None:
        """Take ``pixels`` from the budget, or raise ImageRefused before anything is decoded."""
        if pixels > self.file_pixels:
            raise ImageRefused(TOO_COSTLY)
        if self._out_of_time or self.pixels_used + pixels > self.pixels:
            raise ImageRefused(OVER_BUDGET)
        self.pixels_used += pixels
        self.files += 1


@dataclass(frozen=True)
class _Header:
    format: str
    width: int
    height: int
    progressive: bool


def _probe(data: bytes) -> _Header:
    """Return what an image's header declares, after Pillow verified it (nothing decoded)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            header = _Header(
                probe.format,
                *probe.size,
                progressive=bool(probe.info.get("progressive") or probe.info.get("progression")),
            )
            probe.verify()
    except _UNREADABLE:
        raise ImageRefused(NOT_IMAGE) from None
    return header


def _target(width: int, height: int, max_side: int) -> tuple[int, int]:
    """The size ``width`` x ``height`` shrinks to, to fit ``max_side`` on its long side."""
    ratio = max_side / max(width, height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def draft_scale(header: _Header, max_side: int | None) -> int:
    """The reduced scale (1, 2, 4 or 8) a JPEG is decoded at: the largest whose result still
    covers ``max_side`` (as Pillow's JpegImageFile.draft picks it); 1 for a PNG or an image
    that is not shrunk."""
    if header.format != "JPEG" or max_side is None:
        return 1
    if max(header.width, header.height) <= max_side:
        return 1
    target_width, target_height = _target(header.width, header.height, max_side)
    scale = min(header.width // target_width, header.height // target_height)
    return next(s for s in (8, 4, 2, 1) if scale >= s)


def decoded_pixels(header: _Header, max_side: int | None) -> int:
    """The pixels decoding costs, charged to the budget. A progressive JPEG counts whole
    whatever its scale: its decoder holds every coefficient of the full image and reads them
    all, so a reduced scale saves little of its time."""
    scale = 1 if header.progressive else draft_scale(header, max_side)
    return -(-header.width // scale) * -(-header.height // scale)


def sanitise(
    data: bytes,
    *,
    max_pixels: int,
    keep_png: bool = False,
    max_side: int | None = None,
    quality: int = 85,
    budget: DecodeBudget | None = None,
) -> CleanImage:
    """Return ``data`` re-encoded without its metadata, or raise ImageRefused.

    ``keep_png`` keeps a PNG as PNG (lossless, for scanned pages); otherwise every image
    becomes a JPEG of ``quality``. ``max_side`` shrinks a larger image to fit, keeping its
    proportions. ``budget`` is the form's (DecodeBudget); without one, the file has a budget
    of its own from the settings."""
    header = _probe(data)
    if header.format not in ACCEPTED_FORMATS:
        raise ImageRefused(WRONG_FORMAT)
    if header.width * header.height > max_pixels:
        raise ImageRefused(TOO_MANY_PIXELS)
    if budget is None:
        budget = DecodeBudget.from_settings()
    budget.charge(decoded_pixels(header, max_side))
    output = "PNG" if keep_png and header.format == "PNG" else "JPEG"
    started = time.thread_time()
    try:
        with Image.open(io.BytesIO(data)) as original:
            if draft_scale(header, max_side) > 1:
                original.draft("RGB", _target(header.width, header.height, max_side))
            original.load()
            image = original
            if output == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            if max_side is not None and max(image.size) > max_side:
                image.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
            # Upright once EXIF is gone: turned once shrunk, when there are fewer pixels to turn.
            ImageOps.exif_transpose(image, in_place=True)
            out = io.BytesIO()
            if output == "JPEG":
                image.save(out, format="JPEG", quality=quality)
            else:
                image.save(out, format="PNG", optimize=True)
    except _UNREADABLE:
        raise ImageRefused(NOT_IMAGE) from None
    finally:
        budget.seconds_used += time.thread_time() - started
    return CleanImage(out.getvalue(), output)
