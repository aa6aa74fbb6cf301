"""The daily log (日调度): one a day, totals that add up, edit windows, photos, copy yesterday."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common import clock
from compounds.choices import CompoundStatus
from progress import photos, selectors, services
from progress.models import DailyLog, DailyLogEntry
from tests.factories import DailyLogFactory, WorkItemFactory, jpeg_bytes
from tests.utils import page_text

pytestmark = pytest.mark.django_db
TODAY = clock.today()
DAY = datetime.timedelta(days=1)


def post_log(client, world, **data):
    payload = {"date": TODAY.isoformat(), "workers": 10}
    payload.update(data)
    return client.post(reverse("progress:dailylog_create", args=[world.a1.pk]), payload)


def test_filing_a_log_adds_to_the_work_items_total(login, world):
    client = login(world.users["community_staff"])
    item = world.work_item_a1
    response = post_log(client, world, date=(TODAY - DAY).isoformat(), **{f"qty_{item.pk}": "7"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_quantity == Decimal("7")  # derived from the entries, not typed
    log = DailyLog.objects.get(compound=world.a1, date=TODAY - DAY)
    assert log.created_by == world.users["community_staff"]
    assert log.history.get().history_user == world.users["community_staff"]


def test_a_second_log_for_the_same_day_is_refused_clearly(login, world):
    client = login(world.users["community_staff"])
    response = post_log(client, world)  # the world already has today's log for a1
    assert response.status_code == 200
    assert "该楼院这一天已有日调度记录" in page_text(response)
    assert DailyLog.objects.filter(compound=world.a1, date=TODAY).count() == 1


def test_a_log_for_a_future_day_is_refused(login, world):
    response = post_log(
        login(world.users["community_staff"]), world, date=(TODAY + DAY).isoformat()
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not DailyLog.objects.filter(date=TODAY + DAY).exists()


def test_going_past_the_plan_needs_a_confirmed_reason(login, world):
    client = login(world.users["community_staff"])
    item = world.work_item_a1  # 100 planned
    day = (TODAY - DAY).isoformat()
    response = post_log(client, world, date=day, **{f"qty_{item.pk}": "120"})
    assert response.status_code == 200
    assert "超出计划 20" in " ".join(response.context["form"].errors[f"qty_{item.pk}"])
    assert not DailyLogEntry.objects.filter(work_item=item).exists()
    assert not DailyLog.objects.filter(date=TODAY - DAY).exists()  # nothing half-saved
    response = post_log(
        client, world, date=day, excess_reason="实际违建比摸底多", **{f"qty_{item.pk}": "120"}
    )
    assert response.status_code == 302
    entry = DailyLogEntry.objects.get(work_item=item)
    assert entry.excess_reason == "实际违建比摸底多"


def test_copy_yesterday_fills_the_form(login, world):
    yesterday = DailyLogFactory(compound=world.a2, date=TODAY - DAY, workers=23, hoarding=True)
    item = WorkItemFactory(compound=world.a2, category="heating", planned_quantity=40)
    DailyLogEntry.objects.create(log=yesterday, work_item=item, quantity=4)
    client = login(world.users["street_staff"])
    response = client.get(reverse("progress:dailylog_create", args=[world.a2.pk]), {"copy": 1})
    form = response.context["form"]
    assert form.initial["workers"] == 23
    assert form.initial["hoarding"] is True
    assert form.initial[f"qty_{item.pk}"] == Decimal("4")
    assert "已按" in page_text(response)


def test_today_filed_sends_staff_to_the_edit_page(login, world):
    response = login(world.users["community_staff"]).get(
        reverse("progress:dailylog_create", args=[world.a1.pk])
    )
    assert response["Location"] == reverse("progress:dailylog_update", args=[world.log_a1.pk])


def test_community_staff_edit_yesterday_but_not_older(world):
    staff = world.users["community_staff"]
    yesterday = DailyLogFactory(compound=world.a1, date=TODAY - DAY)
    services.daily_log_update(log=yesterday, user=staff, workers=3)
    older = DailyLogFactory(compound=world.a1, date=TODAY - 3 * DAY)
    with pytest.raises(PermissionDenied):
        services.daily_log_update(log=older, user=staff, workers=3)


def test_street_staff_correct_older_logs_with_a_reason_kept_in_history(world):
    staff = world.users["street_staff"]
    older = DailyLogFactory(compound=world.a1, date=TODAY - 10 * DAY, workers=5)
    with pytest.raises(ValidationError) as error:
        services.daily_log_update(log=older, user=staff, workers=6)
    assert "change_reason" in error.value.message_dict
    services.daily_log_update(log=older, user=staff, workers=6, reason="人数登记错误")
    latest = older.history.latest()
    assert latest.history_change_reason == "人数登记错误"
    assert latest.history_user == staff


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_is_no_reason_for_a_correction_or_an_excess(world, reason):
    """common.rules.has_reason: blanks say nothing, for an older log's correction and for a
    quantity past the plan alike, whoever calls the service."""
    staff = world.users["street_staff"]
    older = DailyLogFactory(compound=world.a1, date=TODAY - 10 * DAY, workers=5)
    with pytest.raises(ValidationError) as error:
        services.daily_log_update(log=older, user=staff, workers=6, reason=reason)
    assert list(error.value.message_dict) == ["change_reason"]
    item = world.work_item_a1  # 100 planned
    with pytest.raises(ValidationError) as error:
        services.daily_log_create(
            user=staff, compound=world.a1, date=TODAY - DAY, workers=6,
            quantities={item: Decimal(120)}, excess_reason=reason,
        )  # fmt: skip
    assert list(error.value.message_dict) == [f"qty_{item.pk}"]
    assert not DailyLogEntry.objects.filter(work_item=item).exists()


def test_the_first_log_starts_a_planned_compound(world):
    WorkItemFactory(compound=world.a2)
    assert world.a2.status == CompoundStatus.PLANNED
    services.daily_log_create(
        user=world.users["street_staff"], compound=world.a2, date=TODAY - DAY, workers=6
    )
    world.a2.refresh_from_db()
    assert world.a2.status == CompoundStatus.STARTED
    assert world.a2.started_on == TODAY - DAY


def test_compounds_under_construction_without_a_log_today_are_listed(login, world):
    response = login(world.users["street_staff"]).get(reverse("progress:dailylog_list"))
    assert list(response.context["missing"]) == []  # a1 has today's log; a2 is only planned
    world.log_a1.delete()
    response = login(world.users["street_staff"]).get(reverse("progress:dailylog_list"))
    assert [c.name for c in response.context["missing"]] == ["甲一1号院"]
    assert "1 个在建楼院" in page_text(response)


def test_edit_replaces_the_days_quantity_and_total(world):
    staff = world.users["community_staff"]
    item = world.work_item_a1
    log = world.log_a1
    services.daily_log_update(log=log, user=staff, quantities={item: Decimal(10)})
    services.daily_log_update(log=log, user=staff, quantities={item: Decimal(4)})
    item.refresh_from_db()
    assert item.done_quantity == Decimal(4)
    services.daily_log_update(log=log, user=staff, quantities={item: None})
    item.refresh_from_db()
    assert item.done_quantity == Decimal(0)
    assert not log.entries.exists()


# --- photos --------------------------------------------------------------------------------


def upload(data, name="site.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_photo_is_re_encoded_without_exif_or_gps():
    cleaned = photos.clean_photo(upload(jpeg_bytes(exif_gps=True)))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_png_is_accepted_and_becomes_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    cleaned = photos.clean_photo(upload(out.getvalue(), "a.png", "image/png"))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == "JPEG"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 not a photo", "not_image"),
        (b"GIF89a" + b"\x00" * 40, "not_image"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name(data, code):
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(data, "photo.jpg"))
    assert error.value.code == code


def test_gif_is_refused_by_its_content():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(out.getvalue(), "photo.jpg"))
    assert error.value.code == "format"


def test_too_large_and_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(photos, "MAX_BYTES", 100)
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(jpeg_bytes()))
    assert error.value.code == "too_large"
    monkeypatch.setattr(photos, "MAX_BYTES", 10**7)
    monkeypatch.setattr(photos, "MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(jpeg_bytes()))
    assert error.value.code == "too_many_pixels"


def test_photos_uploaded_with_a_log_are_served_only_within_scope(login, client, world):
    staff = login(world.users["community_staff"])
    response = staff.post(
        reverse("progress:dailylog_create", args=[world.a1.pk]),
        {"date": (TODAY - DAY).isoformat(), "workers": 3,
         "photos": [upload(jpeg_bytes(exif_gps=True), "a.jpg"), upload(jpeg_bytes(), "b.jpg")]},
    )  # fmt: skip
    assert response.status_code == 302
    log = DailyLog.objects.get(compound=world.a1, date=TODAY - DAY)
    assert log.photos.count() == 2
    photo = log.photos.first()
    assert staff.get(reverse("progress:dailylog_photo", args=[photo.pk])).status_code == 200
    client.force_login(world.users["other_community_staff"])
    assert client.get(reverse("progress:dailylog_photo", args=[photo.pk])).status_code == 404


def test_a_bad_photo_refuses_the_whole_log_with_its_name(login, world):
    response = login(world.users["community_staff"]).post(
        reverse("progress:dailylog_create", args=[world.a1.pk]),
        {"date": (TODAY - DAY).isoformat(), "workers": 3,
         "photos": [upload(b"not an image", "notes.jpg")]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "notes.jpg" in " ".join(response.context["form"].errors["photos"])
    assert not DailyLog.objects.filter(date=TODAY - DAY).exists()


def test_work_item_totals_selector_counts_every_log(world):
    item = world.work_item_a1
    DailyLogEntry.objects.create(log=world.log_a1, work_item=item, quantity=2)
    other = DailyLogFactory(compound=world.a1, date=TODAY - DAY)
    DailyLogEntry.objects.create(log=other, work_item=item, quantity=3)
    assert selectors.work_item_totals(compound=world.a1)[item.pk] == Decimal(5)
    assert selectors.work_item_totals(compound=world.a1, exclude_log=other)[item.pk] == Decimal(2)


def test_demolition_counts_places_and_square_metres(login, world):
    """256处3010平方米: a work item with an area beside its count, both summed from the logs."""
    item = WorkItemFactory(
        compound=world.a2, category="demolition", planned_quantity=256, planned_area=3010
    )
    client = login(world.users["street_staff"])
    page = client.get(reverse("progress:dailylog_create", args=[world.a2.pk]))
    assert f"area_{item.pk}" in page.context["form"].fields
    response = client.post(
        reverse("progress:dailylog_create", args=[world.a2.pk]),
        {"date": (TODAY - DAY).isoformat(), "workers": 9,
         f"qty_{item.pk}": "56", f"area_{item.pk}": "610.5"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_quantity, item.done_area) == (Decimal("56"), Decimal("610.50"))


def test_copy_yesterday_skips_work_already_finished(login, world):
    item = WorkItemFactory(compound=world.a2, category="heating", planned_quantity=10)
    open_item = WorkItemFactory(compound=world.a2, category="greening", planned_quantity=100)
    yesterday = DailyLogFactory(compound=world.a2, date=TODAY - DAY)
    DailyLogEntry.objects.create(log=yesterday, work_item=item, quantity=10)
    DailyLogEntry.objects.create(log=yesterday, work_item=open_item, quantity=5)
    client = login(world.users["street_staff"])
    form = client.get(reverse("progress:dailylog_create", args=[world.a2.pk]), {"copy": 1}).context[
        "form"
    ]
    assert f"qty_{item.pk}" not in form.initial  # 10 of 10 done: nothing left to copy
    assert form.initial[f"qty_{open_item.pk}"] == Decimal(5)
