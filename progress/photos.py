"""Site photos: accepted by their real content, never by their name, and re-encoded.

A photo must decode as JPEG or PNG, weigh at most MAX_BYTES and hold at most MAX_PIXELS. It is
re-encoded as JPEG no larger than MAX_SIDE on its long side, which drops EXIF and GPS data
(common.images, the sanitiser the fund's documents go through too).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from common import images

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560


def _refusal(reason: str) -> ValidationError:
    if reason == images.WRONG_FORMAT:
        return ValidationError(_("Only JPEG or PNG photos are accepted."), code="format")
    if reason == images.TOO_MANY_PIXELS:
        return ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    return ValidationError(_("This file is not a photo (JPEG or PNG)."), code="not_image")


def clean_photo(upload) -> ContentFile:
    """Return the upload re-encoded as a clean JPEG, or raise ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (at most %(mb)d MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read()
    try:
        photo = images.sanitise(data, max_pixels=MAX_PIXELS, max_side=MAX_SIDE, quality=85)
    except images.ImageRefused as refused:
        raise _refusal(refused.reason) from None
    return ContentFile(photo.content)
