"""Site photos: accepted by their real content, never by their name, and re-encoded.

A photo must decode as JPEG or PNG, weigh at most MAX_BYTES and hold at most MAX_PIXELS. It is
re-encoded as JPEG no larger than MAX_SIDE on its long side, which drops EXIF and GPS data.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
ACCEPTED_FORMATS = {"JPEG", "PNG"}


def clean_photo(upload) -> ContentFile:
    """Return the upload re-encoded as a clean JPEG, or raise ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (at most %(mb)d MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a photo (JPEG or PNG)."), code="not_image"
        ) from None
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Only JPEG or PNG photos are accepted."), code="format")
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue())
