"""Issue 16: amounts a Chinese reader can read: grouped by thousands like English ones, in 万元
on the fund and dashboard pages with the exact amount beside, while form inputs, exports and
the API keep plain numbers."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from common.templatetags.figures import wan_yuan
from oversight.funds import services
from oversight.models import FundAllocation
from tests.utils import page_text


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (Decimal("17601400"), "1,760.14 万元", "1,760.14 ten thousand yuan"),
        (Decimal("17601450"), "1,760.15 万元", "1,760.15 ten thousand yuan"),  # half up
        (Decimal("9500"), "0.95 万元", "0.95 ten thousand yuan"),
        (0, "0.00 万元", "0.00 ten thousand yuan"),
    ],
)
def test_wan_yuan_writes_ten_thousands_of_yuan_grouped(amount, zh, en):
    with translation.override("zh-hans"):
        assert wan_yuan(amount) == zh
    with translation.override("en"):
        assert wan_yuan(amount) == en
    assert wan_yuan(None) == ""


def test_chinese_numbers_are_grouped_by_thousands_like_english_ones():
    template = Template('{% load humanize figures %}{{ a|floatformat:"2g" }} {{ n|intcomma }} '
                        "{{ a|yuan }} {{ year }}")  # fmt: skip
    context = Context({"a": Decimal("17601400"), "n": 311486, "year": 2020})
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert template.render(context) == "17,601,400.00 311,486 ¥17,601,400.00 2020"


@pytest.mark.django_db
def test_the_chinese_fund_pages_show_wan_yuan_and_the_exact_amount(client, world):
    FundAllocation.objects.create(compound=world.a2, amount=Decimal("17601400"))
    client.force_login(world.users["street_staff"])
    for url in (
        reverse("oversight:fund_list"),
        reverse("oversight:compound_funds", kwargs={"compound_pk": world.a2.pk}),
    ):
        text = page_text(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))
        assert "1,760.14 万元" in text and "¥17,601,400.00" in text
        assert "17601400" not in text


@pytest.mark.django_db
def test_a_fund_form_in_chinese_still_takes_and_shows_a_plain_amount(client, world):
    client.force_login(world.users["street_staff"])
    url = reverse("oversight:fund_allocation_create", args=[world.a1.pk])
    response = client.post(url, {"work_item": "", "amount": "17601400.50"})
    assert response.status_code == 302
    allocation = FundAllocation.objects.get(compound=world.a1, work_item=None)
    assert allocation.amount == Decimal("17601400.50")
    change = client.get(reverse("oversight:fund_allocation_change", args=[allocation.pk]))
    assert 'value="17601400.50"' in change.content.decode()
    # The API keeps JSON numbers plain too.
    data = client.get(reverse("api:fundallocation-detail", args=[allocation.pk])).json()
    assert str(data["amount"]).replace(",", "") == str(data["amount"])


@pytest.mark.django_db
def test_the_chinese_dashboard_groups_areas_and_shows_money_in_wan_yuan(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the summary rows follow the write
        services.allocation_create(user=None, compound=world.a2, amount=Decimal("17601400"))
    client.force_login(world.users["street_staff"])
    response = client.get(reverse("dashboard"))
    text = page_text(response)
    area = response.context["figures"]["register"]["total"]["floor_area"]
    assert f"{area:,.0f}" in text
    assert "1,760.14 万元" in text and "17,601,400.00" in response.content.decode()
