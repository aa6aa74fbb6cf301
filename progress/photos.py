"""Site photos: accepted by their real content, never by their name, and re-encoded.

A photo must decode as JPEG or PNG, weigh at most MAX_BYTES and hold at most MAX_PIXELS. It is
re-encoded as JPEG no larger than MAX_SIDE on its long side, which drops EXIF and GPS data
(common.images, the sanitiser the fund's documents go through too). Decoding it is charged to
the form's budget (common.images.DecodeBudget): a JPEG is decoded at the reduced scale that
still covers MAX_SIDE, so a 12 MP phone photo costs 3 MP.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from common import images

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000

# The code of a photo refused only because the photos before it spent the form's budget.
NOT_TAKEN = images.OVER_BUDGET


def photo_refusal(reason: str, budget: images.DecodeBudget | None = None) -> ValidationError:
    """The sentence refusing a photo for ``reason`` (common.images), in the reader's language."""
    if reason == images.WRONG_FORMAT:
        return ValidationError(_("Only JPEG or PNG photos are accepted."), code="format")
    if reason == images.TOO_MANY_PIXELS:
        return ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    if reason == images.TOO_COSTLY:
        limit = (budget or images.DecodeBudget.from_settings()).file_pixels
        return ValidationError(
            _(
                "This photo would take too long to read: a PNG or a progressive JPEG may have "
                "at most %(mp)d megapixels. Save it as an ordinary JPEG, or smaller, and send it "
                "again."
            )
            % {"mp": limit // 1_000_000},
            code=images.TOO_COSTLY,
        )
    if reason == images.OVER_BUDGET:
        return ValidationError(
            _(
                "Not taken: together with the photos before it, this is more than one form can "
                "carry."
            ),
            code=NOT_TAKEN,
        )
    return ValidationError(_("This file is not a photo (JPEG or PNG)."), code="not_image")


def clean_photo(upload, *, budget: images.DecodeBudget | None = None) -> ContentFile:
    """Return the upload re-encoded as a clean JPEG, or raise ValidationError saying why not.

    ``budget`` is the form's, shared by its photos; without one, the photo has its own."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (at most %(mb)d MB).") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read()
    try:
        photo = images.sanitise(
            data, max_pixels=MAX_PIXELS, max_side=MAX_SIDE, quality=85, budget=budget
        )
    except images.ImageRefused as refused:
        raise photo_refusal(refused.reason, budget) from None
    return ContentFile(photo.content)
