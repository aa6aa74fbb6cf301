"""The image sanitiser (common.images), without a database: an upload is accepted by what it
decodes as, capped in pixels before it is decoded, and re-encoded upright without metadata."""

import io

import pytest
from PIL import Image

from common import images
from tests.factories import png_bomb_bytes

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


# --- What decoding may cost (DecodeBudget) ---------------------------------------------------


def _budget(pixels=36_000_000, file_pixels=12_000_000, seconds=1.0) -> images.DecodeBudget:
    return images.DecodeBudget(pixels=pixels, file_pixels=file_pixels, seconds=seconds)


def _header(width, height, image_format="JPEG", progressive=False):
    return images._Header(image_format, width, height, progressive)


@pytest.mark.parametrize(
    ("size", "image_format", "max_side", "scale"),
    [
        ((4000, 3000), "JPEG", 2000, 2),  # a 12 MP phone photo: decoded as 3 MP
        ((3000, 4000), "JPEG", 2000, 2),  # the same, taken upright
        ((7300, 5479), "JPEG", 2000, 2),  # 40 MP: 7300 // 2000 is 3, so 1/2
        ((8000, 6000), "JPEG", 2000, 4),
        ((16000, 2000), "JPEG", 2000, 8),  # a panorama
        ((3999, 3999), "JPEG", 2000, 1),  # 1/2 would fall short of 2000
        ((1600, 1200), "JPEG", 2000, 1),  # not shrunk at all
        ((4000, 3000), "JPEG", None, 1),  # kept at its size
        ((4000, 3000), "PNG", 2000, 1),  # a PNG has no reduced scale
    ],
)
def test_a_jpeg_is_decoded_at_the_largest_reduced_scale_that_still_covers_the_stored_size(
    size, image_format, max_side, scale
):
    assert images.draft_scale(_header(*size, image_format), max_side) == scale


def test_a_progressive_jpeg_costs_its_full_size_whatever_its_scale():
    assert images.decoded_pixels(_header(4000, 3000), 2000) == 3_000_000
    assert images.decoded_pixels(_header(4000, 3000, progressive=True), 2000) == 12_000_000
    assert images.decoded_pixels(_header(4000, 3000, "PNG"), 2000) == 12_000_000


def test_a_png_bomb_is_refused_before_it_is_decoded():
    """A PNG of a few kilobytes that unpacks to 40 megapixels costs nothing: its header is read,
    its pixels never."""
    bomb = png_bomb_bytes()
    assert len(bomb) < 20_000
    budget = _budget()
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(bomb, max_pixels=40_000_000, max_side=2000, budget=budget)
    assert caught.value.reason == images.TOO_COSTLY
    assert (budget.pixels_used, budget.seconds_used, budget.files) == (0, 0.0, 0)


def test_without_a_budget_a_file_has_one_of_its_own_from_the_settings(settings):
    settings.UPLOAD_DECODE_FILE_PIXELS = 12_000_000
    assert _refused(png_bomb_bytes(), max_pixels=40_000_000) == images.TOO_COSTLY
    settings.UPLOAD_DECODE_FILE_PIXELS = 64 * 48 - 1
    assert _refused(_jpeg(), max_pixels=10_000) == images.TOO_COSTLY
    settings.UPLOAD_DECODE_FILE_PIXELS = 64 * 48
    assert images.sanitise(_jpeg(), max_pixels=10_000).format == "JPEG"


def test_a_phone_photo_is_decoded_at_half_scale_and_stored_at_2000_px():
    """A 12 MP phone photo costs the budget 3 MP, not 12: it is decoded at half its size,
    which is already the size it is stored at."""
    photo = _encode(Image.new("RGB", (4000, 3000), (90, 140, 60)), "JPEG", quality=90)
    budget = _budget()
    clean = images.sanitise(photo, max_pixels=40_000_000, max_side=2000, budget=budget)
    assert _open(clean.content).size == (2000, 1500)
    assert (budget.pixels_used, budget.files) == (3_000_000, 1)
    assert budget.seconds_used > 0


def test_a_progressive_jpeg_or_a_png_over_the_limit_of_one_file_is_refused():
    image = Image.new("RGB", (400, 300), (90, 140, 60))
    baseline = _encode(image, "JPEG")
    progressive = _encode(image, "JPEG", progressive=True)
    png = _encode(image, "PNG")
    limits = {"max_pixels": 1_000_000, "max_side": 200}
    budget = _budget(file_pixels=100_000)
    assert images.sanitise(baseline, budget=budget, **limits).format == "JPEG"
    assert budget.pixels_used == 200 * 150
    for data in (progressive, png):
        with pytest.raises(images.ImageRefused) as caught:
            images.sanitise(data, budget=budget, **limits)
        assert caught.value.reason == images.TOO_COSTLY
    assert (budget.pixels_used, budget.files) == (200 * 150, 1)
    # Within the limit, a progressive JPEG is taken, and charged whole.
    budget = _budget(file_pixels=120_000)
    clean = images.sanitise(progressive, budget=budget, **limits)
    assert _open(clean.content).size == (200, 150)
    assert budget.pixels_used == 120_000


def test_the_files_of_one_form_share_its_budget_of_pixels():
    budget = _budget(pixels=3 * 64 * 48 + 100, file_pixels=5_000)
    for _ in range(3):
        images.sanitise(_jpeg(), max_pixels=10_000, budget=budget)
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(_jpeg(), max_pixels=10_000, budget=budget)
    assert caught.value.reason == images.OVER_BUDGET
    assert (budget.pixels_used, budget.files) == (3 * 64 * 48, 3)
    assert not budget.spent  # 100 pixels are left: a smaller image still fits
    images.sanitise(_jpeg(size=(10, 10)), max_pixels=10_000, budget=budget)
    assert budget.files == 4


def test_once_the_decoding_time_is_spent_no_further_file_is_decoded():
    budget = _budget(seconds=0.5)
    budget.seconds_used = 0.5
    assert budget.spent
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(_jpeg(), max_pixels=10_000, budget=budget)
    assert caught.value.reason == images.OVER_BUDGET
    assert (budget.pixels_used, budget.files) == (0, 0)


def test_a_file_is_not_started_when_the_files_before_it_say_it_would_end_past_the_time():
    budget = _budget(seconds=1.0)
    budget.seconds_used, budget.files = 0.6, 2  # 0.3 s a file: the next ends at 0.9 s
    assert not budget.spent
    images.sanitise(_jpeg(), max_pixels=10_000, budget=budget)
    budget.seconds_used, budget.files = 0.8, 2  # 0.4 s a file: the next would end at 1.2 s
    assert budget.spent
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(_jpeg(), max_pixels=10_000, budget=budget)
    assert caught.value.reason == images.OVER_BUDGET


def test_a_file_over_the_pixel_cap_is_refused_before_the_budget_is_charged():
    budget = _budget()
    with pytest.raises(images.ImageRefused) as caught:
        images.sanitise(png_bomb_bytes(), max_pixels=10_000_000, budget=budget)
    assert caught.value.reason == images.TOO_MANY_PIXELS
    assert budget.pixels_used == 0
