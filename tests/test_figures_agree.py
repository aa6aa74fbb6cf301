"""A compound's percentage is the same wherever it is shown (issue 16, "figures agree"): its
staff progress page, the register's list and its workbook, the public list and page, and the API.

The shares are chosen where roundings part: 86.5% is 87 half up (the street's way) and 86 by
banker's rounding or by cutting; 99.6% is 100 by any rounding, but reads 99 until all is done.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from progress.figures import refresh_progress
from tests.test_exports import download
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def _progress_to(world, done, planned="200"):
    item = world.work_item_a1
    item.planned_quantity, item.done_quantity = Decimal(planned), Decimal(done)
    item.save()
    refresh_progress([world.a1.pk])


def _shown(client, world):
    """Each place's percentage of compound a1, as its reader sees it."""
    a1 = world.a1
    client.force_login(world.users["street_staff"])
    rows = download(client.get(reverse("compounds:compound_list") + "?format=xlsx"))
    column = rows[0].index("进度") if "进度" in rows[0] else rows[0].index("progress")
    row = next(row for row in rows[1:] if row[0] == a1.pk)  # the first column is the ID
    api = client.get(reverse("api:compound-detail", args=[a1.pk])).json()
    staff_list = page_text(client.get(reverse("compounds:compound_list")))
    staff_page = page_text(client.get(reverse("progress:compound_progress", args=[a1.pk])))
    client.logout()
    public_list = page_text(client.get(reverse("oversight:public_compound_list")))
    public_page = page_text(client.get(reverse("oversight:public_compound_detail", args=[a1.pk])))
    return {
        "workbook": round(row[column] * 100),  # a 0% cell holds the share of the percentage
        "api": api["percent"],
        "staff list": staff_list,
        "staff page": staff_page,
        "public list": public_list,
        "public page": public_page,
    }


@pytest.mark.parametrize(("done", "expected"), [("173", 87), ("199.2", 99), ("200", 100)])
def test_a_compounds_percentage_is_the_same_on_every_page_export_and_api(
    client, world, done, expected
):
    _progress_to(world, done)
    shown = _shown(client, world)
    assert shown.pop("workbook") == expected
    assert shown.pop("api") == expected
    for place, text in shown.items():
        assert f"{expected}%" in text, place
        for other in {expected - 1, expected + 1} - {expected}:
            assert f" {other}%" not in f" {text}", place
