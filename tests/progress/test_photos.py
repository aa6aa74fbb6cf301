"""The photos of one form share one decoding budget (common.images.DecodeBudget): a photo that
would unpack to a huge image is refused before it is decoded, and the photos past the budget
are not taken, each named, while the ones before them are kept, once."""

import datetime

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from common import clock
from progress import photos
from progress.forms import PhotosField
from progress.models import DailyLog
from tests.factories import jpeg_bytes, png_bomb_bytes
from tests.utils import page_text

PHOTO_PIXELS = 64 * 48  # jpeg_bytes()'s size
COLOURS = [(200, 60, 40), (40, 160, 60), (40, 60, 200), (220, 200, 40)]


def uploads(count):
    return [
        SimpleUploadedFile(f"{'abcd'[n]}.jpg", jpeg_bytes(color=COLOURS[n]), "image/jpeg")
        for n in range(count)
    ]


@pytest.fixture
def two_photos_fit(settings):
    """A budget that carries two photos of jpeg_bytes() and not three."""
    settings.UPLOAD_DECODE_PIXELS = 2 * PHOTO_PIXELS + PHOTO_PIXELS // 2


def test_a_photo_that_unpacks_to_a_huge_image_is_refused_with_a_sentence():
    bomb = SimpleUploadedFile("bomb.png", png_bomb_bytes(), "image/png")
    with translation.override("en"), pytest.raises(forms.ValidationError) as caught:
        photos.clean_photo(bomb)
    assert caught.value.code == "too_costly"
    assert "at most 12 megapixels" in caught.value.messages[0]


def test_the_photos_past_the_budget_are_not_taken_and_named(two_photos_fit):
    field = PhotosField()
    with translation.override("en"):
        cleaned = field.clean(uploads(4))
    assert len(cleaned) == 2
    assert field.notices == (
        "Only the first 2 photos fit in one form; the others were not taken. Send them "
        "separately, or make them smaller.",
        "c.jpg: Not taken: together with the photos before it, this is more than one form can "
        "carry.",
        "d.jpg: Not taken: together with the photos before it, this is more than one form can "
        "carry.",
    )
    assert field.clean(uploads(2)) and field.notices == ()


def test_the_notices_are_in_the_readers_language(settings):
    settings.UPLOAD_DECODE_PIXELS = PHOTO_PIXELS
    field = PhotosField()
    with translation.override("zh-hans"):
        field.clean(uploads(2))
    assert len(field.notices) == 2
    assert field.notices[1].startswith("b.jpg: ")


def test_with_a_refused_photo_the_photos_left_out_are_errors_too(two_photos_fit):
    broken = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    field = PhotosField()
    with translation.override("en"), pytest.raises(forms.ValidationError) as caught:
        field.clean([broken, *uploads(4)])
    messages = caught.value.messages
    assert messages[0].startswith("x.jpg: This file is not a photo")
    assert "Only the first 2 photos fit in one form" in messages[1]
    assert [m.split(":")[0] for m in messages[2:]] == ["c.jpg", "d.jpg"]


@pytest.mark.django_db
def test_a_daily_log_keeps_the_photos_that_fit_and_says_which_were_not_taken(
    two_photos_fit, login, world
):
    staff = login(world.users["community_staff"])
    staff.cookies["django_language"] = "en"
    day = clock.today() - datetime.timedelta(days=1)
    response = staff.post(
        reverse("progress:dailylog_create", args=[world.a1.pk]),
        {"date": day.isoformat(), "workers": 3, "photos": uploads(3)},
        follow=True,
    )
    assert response.status_code == 200
    log = DailyLog.objects.get(compound=world.a1, date=day)
    assert log.photos.count() == 2
    text = page_text(response)
    assert "Only the first 2 photos fit in one form" in text
    assert "c.jpg: Not taken" in text
