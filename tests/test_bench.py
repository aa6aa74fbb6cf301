"""The benchmark command (renovation/management/commands/bench.py) at a tiny scale: the
loader's data is consistent and in proportion to the scale, and the measuring part answers
every key of its JSON document. SQLite is fine; no HTTP and no reports."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from compounds.models import Building, Compound
from oversight.models import Opinion
from progress.models import DailyLog, DailyLogEntry, Milestone, Rectification, WorkItem
from renovation.bench import data

KEYS = (
    "scale",
    "load",
    "environment",
    "dashboard_uncached",
    "dashboard_raw_sql",
    "dashboard_cached",
    "dashboard_one_plan_uncached",
    "compound_list",
    "compound_api_list",
    "monthly_city_report",
    "http_constant",
    "http_insert",
    "http_dashboard_cached",
    "http_opinion_submit",
    "http_daily_log_save",
    "goals",
)


def test_counts_follow_the_scale():
    small, double = data.counts_for(0.001), data.counts_for(0.002)
    assert small["compounds"] == 10
    for key in (
        "compounds",
        "buildings",
        "work_items",
        "daily_logs",
        "daily_log_entries",
        "opinions",
        "rectifications",
    ):
        assert double[key] == 2 * small[key], key
    assert data.counts_for(1.0)["daily_log_entries"] == 1_000_000


@pytest.mark.django_db
def test_bench_loads_consistent_data_and_answers_every_key(tmp_path):
    out = tmp_path / "bench.json"
    call_command(
        "bench",
        "--scale",
        "0.001",
        "--allow-sqlite",
        "--skip-http",
        "--skip-report",
        "--n-uncached",
        "2",
        "--n-cached",
        "3",
        "--warmups",
        "1",
        "--output",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    result = json.loads(out.read_text())

    counts = data.counts_for(0.001)
    assert Compound.objects.count() == counts["compounds"]
    assert Building.objects.count() == counts["buildings"]
    assert WorkItem.objects.count() == counts["work_items"]
    assert Milestone.objects.count() == counts["milestones"]
    assert DailyLog.objects.count() == counts["daily_logs"]
    assert DailyLogEntry.objects.count() == counts["daily_log_entries"]
    assert Opinion.objects.count() == counts["opinions"]
    assert Rectification.objects.count() == counts["rectifications"]

    for item in WorkItem.objects.annotate(total=Sum("entries__quantity")):
        assert item.done_quantity == (item.total or Decimal(0)), item.pk
    # refresh_compound_figures ran: stored progress, last log and schedule.
    assert Compound.objects.filter(progress__gt=0).exists()
    assert Compound.objects.filter(last_log_on__isnull=False).exists()
    assert Milestone.objects.filter(latest_start__isnull=False).exists()
    assert result["load"]["checks"]["work_items_not_matching_entries"] == 0

    for key in KEYS:
        assert key in result, key
    assert result["dashboard_uncached"]["p50_ms"] > 0
    assert result["dashboard_uncached"]["queries"] > 0
    assert result["dashboard_raw_sql"]["db_time_ratio"] is not None
    assert result["http_constant"] == {"skipped": True}
    assert result["goals"]["dashboard_uncached_p50_ms"]["limit"] == 50
