"""``python manage.py bench``: load a city-scale data set and measure the portal on it.

Load and measure, on PostgreSQL (own database; Redis db 7)::

    createdb -h 127.0.0.1 -U postgres renovation_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/renovation_bench \\
           REDIS_URL=redis://127.0.0.1:6379/7 DEBUG=0
    .venv/bin/python manage.py migrate
    # load (scale 1.0: ~1.5 min) and measure (~3 min more), on 2 cores:
    .venv/bin/python manage.py bench --flush --output bench.json
    # measure the loaded data again:
    .venv/bin/python manage.py bench --reuse --output bench.json
    # small, while developing; or load only:
    .venv/bin/python manage.py bench --flush --scale 0.01
    .venv/bin/python manage.py bench --flush --load-only

The data (renovation/bench/data.py) goes in with COPY; the stored figures are then computed
by progress.figures.refresh_compound_figures and the database is ANALYZEd. Two users are
created: ``bench-inspector`` (district inspector) and ``bench-street-staff`` (street staff of
the first street), password ``bench-pass-2024``.

The measurements (one JSON document on stdout, and in --output): the dashboard uncached,
its SQL replayed bare (db_time_ratio), cached, for one plan; the wall charts; the compound
list and API; the compounds' GeoJSON (the API's and the public one); a compound's progress
page with and without its chart (in process, django.test.Client); the worst public request
the portal accepts (nine photos, in a forked worker: p50 and peak memory); HTTP through gunicorn on
loopback with wrk (a constant view, an insert view, the cached dashboard, the public opinion
API, the daily log API); every street's monthly report through Celery (eager); the goals,
pass or fail; the environment.

The database must be empty of compounds, unless --reuse (measure what is there, loading only
when it is empty) or --flush (empty the portal's tables first; only a database this command
loaded, or one without compounds). Only PostgreSQL, unless --allow-sqlite (small scales).
DEBUG should be off (DEBUG=0): with it on, every query is also logged.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common import clock
from renovation.bench import data, measure, register_import, uploads
from renovation.models import DashboardCell
from renovation.tasks import refresh_dashboard_rows

SQLITE_MAX_SCALE = 0.05


class Command(BaseCommand):
    help = (
        "Load a city-scale data set (10,000 compounds, 1,000,000 daily-log entries, 100,000 "
        "opinions, 50,000 rectifications at --scale 1.0) and measure the dashboard, the lists, "
        "HTTP through gunicorn+wrk and the monthly reports; print one JSON document. "
        "Commands: createdb -h 127.0.0.1 -U postgres renovation_bench; "
        "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/renovation_bench "
        "REDIS_URL=redis://127.0.0.1:6379/7 DEBUG=0; "
        "python manage.py migrate; "
        "python manage.py bench --flush --output bench.json (load + measure); "
        "python manage.py bench --reuse --output bench.json (measure again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies every count (1.0: 10,000 compounds).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the data already loaded (load only if there is none).",
        )
        mode.add_argument(
            "--flush",
            action="store_true",
            help="Empty the portal's tables (TRUNCATE ... CASCADE) and load.",
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help=f"Run on SQLite (scale at most {SQLITE_MAX_SCALE}).",
        )
        parser.add_argument("--load-only", action="store_true", help="Load, measure nothing.")
        parser.add_argument("--skip-http", action="store_true", help="Leave out gunicorn and wrk.")
        parser.add_argument(
            "--skip-report", action="store_true", help="Leave out the monthly reports."
        )
        parser.add_argument(
            "--skip-uploads",
            action="store_true",
            help="Leave out the worst accepted public request (nine photos, in a forked worker).",
        )
        parser.add_argument(
            "--skip-import",
            action="store_true",
            help="Leave out the register import of a city's file (10,000 compounds, 300,000 "
            "households at scale 1.0).",
        )
        parser.add_argument(
            "--import-only",
            action="store_true",
            help="Measure only the register import (after loading or reusing the data).",
        )
        parser.add_argument(
            "--import-scale",
            type=float,
            default=None,
            help="The register import's own scale (default: --scale).",
        )
        parser.add_argument("--output", help="Also write the JSON document to this file.")
        parser.add_argument("--seed", type=int, default=data.SEED)
        parser.add_argument(
            "--n-uncached",
            type=int,
            default=30,
            help="Timed requests of the uncached pages (after the warm-ups).",
        )
        parser.add_argument(
            "--n-cached", type=int, default=200, help="Timed requests of the cached dashboard."
        )
        parser.add_argument("--warmups", type=int, default=3)
        parser.add_argument(
            "--http-duration",
            type=int,
            default=15,
            help="Seconds of each load in all (the goals' pairs: split over --http-rounds runs).",
        )
        parser.add_argument(
            "--http-rounds",
            type=int,
            default=3,
            help="Runs of each goal's two loads, taken turn about.",
        )
        parser.add_argument("--http-connections", type=int, default=16)
        parser.add_argument("--http-threads", type=int, default=2)
        parser.add_argument(
            "--gunicorn-workers",
            type=int,
            default=None,
            help="gunicorn's sync workers (default: gunicorn.conf.py's, 2 x CPUs + 1).",
        )

    def handle(self, *args, **options):
        began = time.perf_counter()
        stderr = getattr(self.stderr, "_out", sys.stderr)  # unwrapped: the progress bar uses \r
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        vendor = connection.vendor
        if vendor != "postgresql":
            if not options["allow_sqlite"] or vendor != "sqlite":
                raise CommandError(
                    f"The benchmark runs on PostgreSQL; this database is {vendor}. Set "
                    "DATABASE_URL (see --help), or pass --allow-sqlite for a small SQLite run."
                )
            if scale > SQLITE_MAX_SCALE:
                raise CommandError(f"On SQLite the scale is at most {SQLITE_MAX_SCALE}.")
            options["skip_http"] = True  # gunicorn cannot share an SQLite test database
        if settings.DEBUG:
            stderr.write("warning: DEBUG is on; every query is logged too (set DEBUG=0).\n")

        load = self.prepare(scale=scale, options=options, stderr=stderr)
        scale = float(load.get("scale", scale))
        users = data.ensure_users()
        result = {"scale": scale, "load": load}
        result["environment"] = environment(scale=scale, options=options)
        if options["load_only"]:
            return self.emit(result, options)

        if options["import_only"]:
            result["register_import"] = register_import.measure(
                scale=options["import_scale"] or scale, stderr=stderr
            )
            result["goals"] = {"register_import_city_s": _import_goal(result)}
            return self.emit(result, options)
        result.update(
            measure.measure_pages(
                inspector=users["inspector"],
                n_uncached=options["n_uncached"],
                n_cached=options["n_cached"],
                warmups=options["warmups"],
                stderr=stderr,
            )
        )
        if options["skip_uploads"]:
            result["public_upload_worst"] = {"skipped": True}
        else:
            result["public_upload_worst"] = uploads.measure(scale=scale, stderr=stderr)
        if options["skip_report"]:
            result["monthly_city_report"] = {"skipped": True}
        else:
            result["monthly_city_report"] = measure.monthly_city_report(stderr=stderr)
        http_keys = (
            "http_constant",
            "http_insert",
            "http_dashboard_cached",
            "http_opinion_submit",
            "http_daily_log_save",
        )
        if options["skip_http"]:
            result.update({key: {"skipped": True} for key in http_keys})
        else:
            from renovation.bench import http_load

            http = http_load.run(
                users=users,
                duration=options["http_duration"],
                connections=options["http_connections"],
                threads=options["http_threads"],
                workers=options["gunicorn_workers"],
                stderr=stderr,
                rounds=options["http_rounds"],
            )
            for key in http_keys:
                result[key] = http.pop(key, {"error": http.get("error", "did not run")})
            result["http"] = http
        if options["skip_import"]:
            result["register_import"] = {"skipped": True}
        else:
            result["register_import"] = register_import.measure(
                scale=options["import_scale"] or scale, stderr=stderr
            )
        result["goals"] = goals(
            result, connections=options["http_connections"] * options["http_rounds"]
        )
        result["elapsed_s"] = round(time.perf_counter() - began, 1)
        return self.emit(result, options)

    def emit(self, result, options):
        text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
        self.stdout.write(text)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text + "\n")

    def prepare(self, *, scale, options, stderr) -> dict:
        """Load, flush or reuse as asked; return what happened."""
        meta = data.read_meta()
        has_data = data.portal_has_data()
        if has_data and options["reuse"]:
            if not meta:
                raise CommandError(
                    "This database holds compounds that bench did not load; refusing to use "
                    "it. Use a database of its own (see --help)."
                )
            if float(meta.get("scale", scale)) != scale:
                stderr.write(
                    f"note: reusing the data loaded at scale {meta['scale']} (not {scale}).\n"
                )
            stderr.write(f"reusing the data loaded at {meta.get('loaded_at')}\n")
            # Summary rows of an earlier day: do what the beat does at midnight
            # (renovation.tasks.refresh_dashboard_rows), or the dashboard measured would be
            # the one of the minutes before that task has run.
            refreshed = None
            if DashboardCell.objects.filter(as_of__lt=clock.today()).exists():
                stderr.write("the summary rows are of an earlier day: refreshing them ...\n")
                began = time.perf_counter()
                refresh_dashboard_rows()
                refreshed = round(time.perf_counter() - began, 2)
            return {
                "summary_rows_refreshed_s": refreshed,
                "loaded": False,
                "scale": float(meta.get("scale", scale)),
                "loaded_at": meta.get("loaded_at"),
                "load_seconds": float(meta["load_seconds"]) if "load_seconds" in meta else None,
            }
        if has_data and not options["flush"]:
            raise CommandError(
                "The database is not empty of compounds: pass --reuse to measure the data there, "
                "or --flush to empty the portal's tables and load again."
            )
        if options["flush"]:
            if has_data and not meta:
                raise CommandError(
                    "This database holds compounds that bench did not load; refusing to flush "
                    "it. Use a database of its own (see --help)."
                )
            if data.is_postgresql():
                stderr.write("flushing the portal's tables ...\n")
                data.flush()
        data.ensure_bench_tables()
        stderr.write(f"loading the city at scale {scale} ...\n")
        loaded = data.load(scale=scale, stderr=stderr, seed=options["seed"])
        checks = data.consistency()
        stderr.write(f"loaded in {loaded['timings']['total_s']} s\n")
        return {"loaded": True, "scale": scale, **loaded, "checks": checks}


def environment(*, scale, options) -> dict:
    db = settings.DATABASES["default"]
    env = {
        "scale": scale,
        "database": connection.vendor,
        "database_name": str(db.get("NAME")),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "settings_module": os.environ.get("DJANGO_SETTINGS_MODULE"),
        "debug": settings.DEBUG,
        "cache": settings.CACHES["default"]["BACKEND"],
        "row_counts": data.row_counts(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            env["postgresql_version"] = cursor.fetchone()[0]
    if not options["skip_http"] and shutil.which("wrk"):
        done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S603, S607
        env["wrk"] = (
            (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else ""
        )
    return env


def _goal(value, limit, op, **details) -> dict:
    if value is None:
        return {"value": None, "limit": limit, "op": op, "pass": None, **details}
    passed = {"<": value < limit, "<=": value <= limit, ">=": value >= limit}[op]
    return {"value": value, "limit": limit, "op": op, "pass": passed, **details}


def _import_goal(result) -> dict:
    """The city's register file imported in under 60 s (at scale 1.0; the limit scales)."""
    found = result.get("register_import", {})
    seconds = found.get("import", {}).get("seconds")
    scale = found.get("scale", result["scale"])
    return _goal(seconds, round(60 * max(scale, 0.01), 2), "<", rows=found.get("rows"))


def goals(result, *, connections: int) -> dict:
    """Each goal of the issue with its measured value, its limit and pass or fail (None: not
    measured)."""
    found = {}
    found["dashboard_uncached_p50_ms"] = _goal(result["dashboard_uncached"].get("p50_ms"), 50, "<")
    found["dashboard_cached_p50_ms"] = _goal(result["dashboard_cached"].get("p50_ms"), 5, "<")
    found["db_time_ratio"] = _goal(result["dashboard_raw_sql"].get("db_time_ratio"), 1.5, "<=")

    def rps(key):
        return result.get(key, {}).get("rps")

    constant, dashboard = rps("http_constant"), rps("http_dashboard_cached")
    share = round(dashboard / constant, 3) if constant and dashboard is not None else None
    found["http_dashboard_cached_share_of_constant_rps"] = _goal(
        share, 0.30, ">=", rps=dashboard, constant_rps=constant
    )
    insert, submit = rps("http_insert"), rps("http_opinion_submit")
    share = round(submit / insert, 3) if insert and submit is not None else None
    found["http_opinion_submit_share_of_insert_rps"] = _goal(
        share, 0.5, ">=", rps=submit, insert_rps=insert
    )
    opinions = result.get("http_opinion_submit", {})
    if "stored" in opinions:
        # wrk stops with requests in flight: the server may store up to one per connection
        # and run that wrk did not see answered. Every 201 must be stored, none twice, no 5xx; and
        # every stored submission must become one opinion, none left waiting.
        unseen = opinions["stored"] - opinions["accepted_201"]
        ok = (
            opinions["duplicates"] == 0
            and 0 <= unseen <= connections
            and opinions["5xx"] == 0
            and opinions["opinions"] == opinions["stored"]
            and opinions["opinion_duplicates"] == 0
            and opinions["left_unregistered"] == 0
        )
        found["opinions_every_accepted_stored_once"] = {
            "value": {
                key: opinions[key]
                for key in (
                    "accepted_201",
                    "stored",
                    "duplicates",
                    "opinions",
                    "opinion_duplicates",
                    "left_unregistered",
                    "non_2xx",
                    "5xx",
                )
            },  # fmt: skip
            "limit": f"stored == accepted (+ at most {connections} in flight), no duplicates, "
            "no 5xx; each stored one registered as one opinion",
            "pass": ok,
        }
    else:
        found["opinions_every_accepted_stored_once"] = {"value": None, "pass": None}
    wall = result.get("wall_chart_street", {})
    found["wall_chart_p50_ms"] = _goal(
        wall.get("p50_ms"), 150, "<", compounds=wall.get("compounds"),
        response_bytes=wall.get("response_bytes"),
    )  # fmt: skip
    wall = result.get("wall_chart_300", {})
    found["wall_chart_300_p50_ms"] = _goal(
        wall.get("p50_ms"), 150, "<", compounds=wall.get("compounds"), filter=wall.get("filter"),
    )  # fmt: skip
    geojson = result.get("geojson_city", {})
    found["geojson_city_p50_ms"] = _goal(
        geojson.get("p50_ms"), 150, "<", features=geojson.get("features"),
        bytes=geojson.get("bytes"),
    )  # fmt: skip
    chart = result.get("compound_page_chart", {})
    found["compound_chart_ratio"] = _goal(
        chart.get("ratio"), 1.2, "<=", p50_ms_with_chart=chart.get("p50_ms_with_chart"),
        p50_ms_without_chart=chart.get("p50_ms_without_chart"),
    )  # fmt: skip
    found["register_import_city_s"] = _import_goal(result)
    upload = result.get("public_upload_worst", {})
    found["public_upload_worst_p50_ms"] = _goal(
        upload.get("p50_ms"), 1000, "<", all_photos_taken=upload.get("all_photos_taken")
    )
    found["public_upload_worst_peak_mb"] = _goal(upload.get("peak_mb"), 150, "<")
    found["monthly_city_report_s"] = _goal(
        result.get("monthly_city_report", {}).get("total_s"), 60, "<"
    )
    return found
