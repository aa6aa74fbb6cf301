"""The image sanitiser (common.images), without a database: an upload is accepted by what it
decodes as, capped in pixels before it is decoded, and re-encoded upright without metadata."""

import io

import pytest
from PIL import Image

from common import images

GPS = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def _encode(image, image_format="JPEG", **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **kwargs)
    return out.getvalue()


def _jpeg(size=(64, 48), mode="RGB", exif=None) -> bytes:
    kwargs = {"exif": exif} if exif is not None else {}
    return _encode(Image.new(mode, size, 120), "JPEG", **kwargs)


def _open(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _refused(data: bytes, **kwargs) -> str:
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(data, **{"max_pixels": 10_000_000, **kwargs})
    return caught.value.reason


def test_a_jpeg_loses_its_gps_position_and_camera():
    exif = Image.Exif()
    exif[GPS] = {1: "N", 2: (34.0, 46.0, 0.0), 3: "E", 4: (113.0, 39.0, 0.0)}
    exif[MAKE] = "TestCam"
    data = _jpeg(exif=exif)
    assert _open(data).getexif().get(GPS)
    clean = images.sanitise(data, max_pixels=10_000)
    assert (clean.format, clean.extension) == ("JPEG", "jpg")
    after = _open(clean.content)
    assert after.format == "JPEG"
    assert not after.getexif()


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # taken with the phone on its side: turn 90° clockwise
    clean = images.sanitise(_jpeg(size=(64, 48), exif=exif), max_pixels=10_000)
    after = _open(clean.content)
    assert after.size == (48, 64)
    assert not after.getexif().get(ORIENTATION)


def test_a_png_becomes_a_jpeg_unless_pngs_are_kept():
    png = _encode(Image.new("RGBA", (30, 20), (10, 120, 200, 128)), "PNG")
    as_jpeg = images.sanitise(png, max_pixels=10_000)
    assert as_jpeg.format == "JPEG" and _open(as_jpeg.content).mode == "RGB"
    kept = images.sanitise(png, max_pixels=10_000, keep_png=True)
    assert (kept.format, kept.extension) == ("PNG", "png")
    assert _open(kept.content).mode == "RGBA"


def test_a_png_with_text_chunks_is_kept_without_them():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone")
    png = _encode(Image.new("RGB", (30, 20)), "PNG", pnginfo=info)
    assert _open(png).info.get("Author") == "someone"
    kept = images.sanitise(png, max_pixels=10_000, keep_png=True)
    assert "Author" not in _open(kept.content).info


def test_a_jpeg_stays_a_jpeg_when_pngs_are_kept():
    assert images.sanitise(_jpeg(), max_pixels=10_000, keep_png=True).format == "JPEG"


def test_greyscale_stays_greyscale_and_cmyk_becomes_rgb():
    assert _open(images.sanitise(_jpeg(mode="L"), max_pixels=10_000).content).mode == "L"
    assert _open(images.sanitise(_jpeg(mode="CMYK"), max_pixels=10_000).content).mode == "RGB"


def test_max_side_shrinks_the_long_side_and_keeps_the_proportions():
    clean = images.sanitise(_jpeg(size=(400, 200)), max_pixels=10_000_000, max_side=100)
    assert _open(clean.content).size == (100, 50)
    small = images.sanitise(_jpeg(size=(40, 20)), max_pixels=10_000_000, max_side=100)
    assert _open(small.content).size == (40, 20)  # never enlarged


def test_the_quality_is_the_callers():
    data = _encode(Image.effect_noise((200, 200), 60).convert("RGB"), "JPEG", quality=95)
    low = images.sanitise(data, max_pixels=10_000_000, quality=30)
    high = images.sanitise(data, max_pixels=10_000_000, quality=95)
    assert len(low.content) < len(high.content)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.4 not an image",
        b"<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff\xe0 the right magic, no image",
        b"\x89PNG\r\n\x1a\n broken",
    ],
)
def test_what_is_not_an_image_is_refused(data):
    assert _refused(data) == images.NOT_IMAGE


def test_a_truncated_jpeg_is_refused_not_a_crash():
    """Its header reads and verifies; only decoding it fails."""
    data = _jpeg(size=(300, 200))
    assert _refused(data[: len(data) // 2]) == images.NOT_IMAGE


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF", "WEBP"])
def test_other_image_formats_are_refused_by_their_content(image_format):
    data = _encode(Image.new("RGB", (10, 10)), image_format)
    assert _refused(data) == images.WRONG_FORMAT


def test_too_many_pixels_are_refused_before_decoding():
    data = _jpeg(size=(100, 100))
    assert _refused(data, max_pixels=9_999) == images.TOO_MANY_PIXELS
    assert images.sanitise(data, max_pixels=10_000).format == "JPEG"  # exactly the cap
