"""The statistics return on the demo (文化路街道, on its day): the national table's figures
computed from the records, agreeing with the dashboard, the lists behind them and the workbook,
in the user's scope (the demo is seeded once for this module)."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from compounds.models import Building, Compound, Street
from compounds.rules import STARTED_STATUSES
from oversight.statistics import rules, selectors
from progress.choices import Unit, WorkCategory
from progress.models import DailyLogEntry
from tests.utils import page_text

pytestmark = pytest.mark.django_db

JULY = rules.year_to_date_period(2020, 7)


def user(name):
    return get_user_model().objects.get(username=name)


def street_return(name="inspector", period=JULY, kind="year_to_date"):
    street = Street.objects.get(name="文化路街道")
    selection = selectors.Selection(selectors.STREET, street=street)
    return selectors.statistics_return(
        user=user(name), selection=selection, period=period, kind=kind
    )


def test_the_plan_and_both_start_rates_come_from_the_records(demo_data):
    result = street_return()
    figures = result["figures"]
    assert figures["planned_compounds"] == 30 and figures["started_compounds"] == 26
    households = Building.objects.aggregate(n=Sum("households"))["n"]
    assert figures["planned_households"] == households == 3251
    assert figures["planned_buildings"] == Building.objects.count() == 75
    started = Building.objects.filter(compound__status__in=STARTED_STATUSES)
    assert figures["started_households"] == started.aggregate(n=Sum("households"))["n"]
    assert result["rates"]["start_rate_compounds"] == 87
    share = Decimal(figures["started_households"]) / Decimal(households)
    assert result["rates"]["start_rate_households"] == int((share * 100).to_integral_value())


def test_the_start_rate_agrees_with_the_dashboard(demo_data, client):
    client.force_login(user("inspector"))
    dashboard = client.get(reverse("dashboard")).context["figures"]["register"]["total"]
    figures = street_return()["figures"]
    assert (dashboard["started"], dashboard["compounds"]) == (
        figures["started_compounds"],
        figures["planned_compounds"],
    )
    assert dashboard["start_rate"] == street_return()["rates"]["start_rate_compounds"]


def test_the_effects_are_the_quantities_done_in_the_period(demo_data):
    figures = street_return()["figures"]
    entries = DailyLogEntry.objects.filter(log__date__range=(JULY.start, JULY.end))
    metres = entries.filter(
        work_item__category=WorkCategory.PIPELINES, work_item__unit=Unit.METRE
    ).aggregate(n=Sum("quantity"))["n"]
    assert figures["pipelines_km"] == (metres / 1000).quantize(Decimal("0.001")) > 0
    parking = entries.filter(work_item__category=WorkCategory.PARKING).aggregate(n=Sum("quantity"))[
        "n"
    ]
    assert figures["parking_spaces"] == parking > 0
    assert figures["elevators"] == 0  # 丰产路47号院's four buildings are still applying


def test_a_months_return_counts_what_began_in_that_month(demo_data):
    july = street_return(period=rules.month_period(2020, 7), kind="month")["figures"]
    began = Compound.objects.filter(
        status__in=STARTED_STATUSES, started_on__range=("2020-07-01", "2020-07-31")
    ).count()
    assert july["started_compounds"] == began < 26
    assert july["planned_compounds"] == 30


def test_the_communities_add_up_to_the_street(demo_data):
    result = street_return()
    assert len(result["rows"]) == 15
    total = rules.add_up(row["figures"] for row in result["rows"])
    assert {key: Decimal(result["figures"][key]) for key in rules.KEYS} == total


def test_community_staff_see_their_communitys_return(demo_data):
    figures = street_return("community_staff")["figures"]
    assert (
        figures["planned_compounds"]
        == Compound.objects.filter(community__name="经五路社区").count()
    )


def test_each_count_leads_to_a_list_of_as_many_compounds(demo_data, client):
    client.force_login(user("inspector"))
    response = client.get(reverse("oversight:statistics"))
    result = response.context["result"]
    for key in ("planned_compounds", "started_compounds", "completed_compounds"):
        listed = client.get(result["links"][key]).context["page"].paginator.count
        assert listed == result["figures"][key], key
    assert result["links"]["started_compounds"] in response.content.decode().replace("&amp;", "&")


def test_the_page_in_chinese_and_english(demo_data, client):
    client.force_login(user("inspector"))
    zh = page_text(client.get(reverse("oversight:statistics")))
    assert "26 / 30 个小区，87%" in zh and "按户数计开工率" in zh and "改造效果情况" in zh
    client.cookies.load({"django_language": "en"})
    en = page_text(client.get(reverse("oversight:statistics")))
    assert "26 / 30 compounds, 87%" in en and "Effects" in en


def test_the_workbook_carries_the_pages_figures(demo_data, client):
    client.force_login(user("inspector"))
    street = Street.objects.get(name="文化路街道")
    params = {"street": street.pk, "kind": "year_to_date", "month": "2020-07"}
    page = client.get(reverse("oversight:statistics"), params).context["result"]
    response = client.get(reverse("oversight:statistics"), {**params, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["统计报表", "data"]
    rows = book["data"].iter_rows(min_row=2, max_col=2, values_only=True)
    data = {row[0]: (row[1] if len(row) > 1 else None) for row in rows}
    assert data["format"] == rules.FORMAT and data["street"] == "文化路街道"
    assert (data["period_start"], data["period_end"]) == ("2020-01-01", "2020-07-31")
    for key in rules.KEYS:
        assert Decimal(str(data[key])) == Decimal(page["figures"][key]), key
