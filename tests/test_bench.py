"""The benchmark command (renovation/management/commands/bench.py) at a tiny scale: the
loader's data is consistent and in proportion to the scale, and the measuring part answers
every key of its JSON document. SQLite is fine; no HTTP and no reports."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from compounds import rules as register_rules
from compounds.models import Building, Compound
from oversight.models import Opinion, OpinionIntake
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
    "wall_chart_plan",
    "wall_chart_street",
    "wall_chart_300",
    "geojson_city",
    "geojson_public",
    "compound_page_chart",
    "public_upload_worst",
    "monthly_city_report",
    "register_import",
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
        "--skip-import",
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
    assert result["goals"]["geojson_city_p50_ms"]["limit"] == 150
    assert result["goals"]["wall_chart_300_p50_ms"]["limit"] == 150
    assert result["goals"]["compound_chart_ratio"]["limit"] == 1.2

    # Every compound but one in 50 (index 7 of each 50: one of the ten here) has a location
    # in China; the GeoJSON lists them all, the one without with a null geometry.
    unlocated = Compound.objects.filter(latitude__isnull=True, longitude__isnull=True)
    assert unlocated.count() == 1
    assert result["load"]["checks"]["compounds_located"] == counts["compounds"] - 1
    for latitude, longitude in Compound.objects.exclude(pk__in=unlocated).values_list(
        "latitude", "longitude"
    ):
        assert register_rules.location_errors(latitude=latitude, longitude=longitude) == {}
    city = result["geojson_city"]
    assert city["p50_ms"] > 0 and city["bytes"] == city["response_bytes"] > 0
    assert city["features"] == counts["compounds"] and city["features_without_geometry"] == 1
    assert city["content_type"].startswith("application/geo+json")
    public = result["geojson_public"]
    assert public["p50_ms"] > 0 and public["bytes"] > 0
    assert 0 < public["features"] <= counts["compounds"]
    # Ten compounds in one district: the filter closest to 300 is the whole district.
    wall = result["wall_chart_300"]
    assert wall["p50_ms"] > 0 and wall["filter"] == {
        "district": Compound.objects.first().community.street.district
    }
    assert wall["compounds"] == counts["compounds"]
    # The worst accepted public request, scaled down (photos a tenth of a phone's): nine photos
    # taken in each timed request, in a forked worker, and what it stored removed again.
    upload = result["public_upload_worst"]
    assert upload["photos"] == 9 and upload["photo_size"] == [461, 346]
    assert upload["statuses"] == [302] * (1 + upload["runs"])
    assert upload["all_photos_taken"] is True
    assert upload["p50_ms"] > 0 and upload["cpu_p50_ms"] > 0 and upload["peak_mb"] >= 0
    assert result["goals"]["public_upload_worst_p50_ms"]["limit"] == 1000
    assert result["goals"]["public_upload_worst_peak_mb"]["limit"] == 150
    assert not OpinionIntake.objects.filter(payload__text__startswith="bench-upload").exists()
    page = result["compound_page_chart"]
    assert page["p50_ms_with_chart"] == page["p50_ms"] > 0 and page["p50_ms_without_chart"] > 0
    assert page["ratio"] > 0 and page["milestones"] == 4
    assert page["chart_rows"] == 4 and page["chart_rows_without_chart"] == 0


def test_runs_of_one_load_merge_into_one_rate():
    from renovation.bench.http_load import merged

    def tally(requests, seconds, p50, statuses):
        return {
            "requests": requests, "duration_s": seconds, "rps": requests / seconds,
            "p50_ms": p50, "p90_ms": p50, "p95_ms": p50, "p99_ms": p50, "max_ms": p50 * 2,
            "statuses": statuses, "non_2xx": statuses.get("500", 0),
            "5xx": statuses.get("500", 0),
            "socket_errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 1},
            "connections": 16, "threads": 2,
        }  # fmt: skip

    result = merged(
        [
            tally(1000, 5.0, 10.0, {"201": 1000}),
            tally(500, 5.0, 30.0, {"201": 499, "500": 1}),
            tally(1500, 5.0, 20.0, {"201": 1500}),
        ]
    )
    assert result["requests"] == 3000 and result["rps"] == 200.0  # over all of the runs
    assert result["statuses"] == {"201": 2999, "500": 1} and result["5xx"] == 1
    assert result["p50_ms"] == 20.0  # the median run's
    assert result["max_ms"] == 60.0
    assert result["socket_errors"]["timeout"] == 3
    assert result["rounds_rps"] == [200.0, 100.0, 300.0]
    assert merged([{"error": "wrk failed"}, tally(1, 1.0, 1.0, {})]) == {"error": "wrk failed"}
