"""In-process measurements of the benchmark: pages through django.test.Client with each query
timed, the dashboard's SQL replayed bare on the database cursor, and the city's monthly reports
built through Celery (eagerly).

Per page: p50/p95/mean/min/max of the whole request (ms); ``queries`` and
``queries_own_time_ms`` from CaptureQueriesContext on one more request (its count includes the
BEGIN and COMMIT of the request's transaction, its times are rounded to the ms);
``statements_per_request`` and ``db_time_p50_ms`` from timing every statement through
``connection.execute_wrapper`` during the timed requests (the database's share of the time)."""

import shutil
import statistics
import tempfile
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from common import clock
from compounds.models import RenovationPlan, Street

from .. import dashboard_cache


def percentile(values, share: float) -> float | None:
    """The ``share`` percentile of ``values`` (linear between the closest ranks)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _ms(seconds) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


def summary(seconds: list[float]) -> dict:
    return {
        "n": len(seconds),
        "p50_ms": _ms(percentile(seconds, 0.5)),
        "p95_ms": _ms(percentile(seconds, 0.95)),
        "mean_ms": _ms(statistics.fmean(seconds)) if seconds else None,
        "min_ms": _ms(min(seconds)) if seconds else None,
        "max_ms": _ms(max(seconds)) if seconds else None,
    }


class QueryTimer:
    """Times every query of the connection (through ``connection.execute_wrapper``) and keeps
    the statements with their parameters."""

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.count = 0
        self.seconds = 0.0
        self.statements: list[tuple] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.count += 1
            if self.keep:
                self.statements.append((sql, params, many))

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def client_host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith(".") and not host.startswith("["):
            return host
    return "localhost"


def logged_in_client(user) -> Client:
    client = Client(HTTP_HOST=client_host())
    client.force_login(user, backend="common.permission_cache.CachedModelBackend")
    return client


def time_get(client, url, *, n: int, warmups: int, before=None, after=None) -> dict:
    """GET ``url`` ``warmups`` times, then ``n`` times timed (``before`` and ``after`` run
    untimed around each); return the timings, the queries per request and their database
    time."""
    for _ in range(warmups):
        if before:
            before()
        response = client.get(url)
        if response.status_code != 200:
            return {"url": url, "error": f"HTTP {response.status_code}"}
    times, db_times, counts = [], [], []
    for _ in range(n):
        if before:
            before()
        with QueryTimer() as timer:
            began = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - began
        if response.status_code != 200:
            return {"url": url, "error": f"HTTP {response.status_code}"}
        times.append(elapsed)
        db_times.append(timer.seconds)
        counts.append(timer.count)
        if after:
            after()
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {
        "url": url,
        **summary(times),
        "queries": len(captured.captured_queries),
        "queries_own_time_ms": round(
            sum(float(q["time"]) for q in captured.captured_queries) * 1000, 3
        ),
        "statements_per_request": max(counts) if counts else None,
        "db_time_p50_ms": _ms(percentile(db_times, 0.5)),
        "db_time_mean_ms": _ms(statistics.fmean(db_times)) if db_times else None,
        "response_bytes": len(response.content),
        "_db_times": db_times,
    }


def replay_batch(statements) -> float:
    """Run the statements again, bare, on the database driver's cursor (psycopg2 on
    PostgreSQL), in a transaction like the request's (rolled back); return the seconds the
    batch took (execute and fetch)."""
    with transaction.atomic():
        cursor = connection.create_cursor()
        try:
            began = time.perf_counter()
            for sql, params, many in statements:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            elapsed = time.perf_counter() - began
        finally:
            cursor.close()
        transaction.set_rollback(True)
    return elapsed


def dashboard_and_its_sql(client, *, n: int, warmups: int) -> tuple[dict, dict]:
    """The uncached dashboard, and its SQL (captured on the last warm-up, with parameters)
    replayed bare after each timed request, so that both see the machine in the same state."""
    bump = dashboard_cache._bump
    statements = []
    for _ in range(max(warmups, 1)):
        bump()
        with QueryTimer(keep=True) as timer:
            response = client.get("/dashboard/")
        if response.status_code != 200:
            error = {"url": "/dashboard/", "error": f"HTTP {response.status_code}"}
            return error, {"error": "the dashboard failed: nothing to replay"}
        statements = timer.statements
    replay_batch(statements)  # warms up
    raw_times = []
    page = time_get(
        client,
        "/dashboard/",
        n=n,
        warmups=0,
        before=bump,
        after=lambda: raw_times.append(replay_batch(statements)),
    )
    db_times = page.pop("_db_times", [])
    if "error" in page:
        return page, {"error": "the dashboard failed"}
    raw = {**summary(raw_times), "statements": len(statements)}
    ratio = round(page["db_time_p50_ms"] / raw["p50_ms"], 3) if raw["p50_ms"] else None
    pairs = [db / bare for db, bare in zip(db_times, raw_times, strict=True) if bare]
    raw |= {
        "dashboard_db_time_p50_ms": page["db_time_p50_ms"],
        "db_time_ratio": ratio,
        "db_time_ratio_of_pairs_p50": round(percentile(pairs, 0.5), 3) if pairs else None,
    }
    return page, raw


def measure_pages(*, inspector, n_uncached: int, n_cached: int, warmups: int, stderr) -> dict:
    """The dashboard (uncached, its SQL replayed, cached, one plan) and the compound lists."""
    from compounds.views import PAGE_SIZE

    results = {}
    client = logged_in_client(inspector)
    bump = dashboard_cache._bump

    stderr.write("measuring: dashboard, uncached, and its SQL replayed bare ...\n")
    uncached, raw = dashboard_and_its_sql(client, n=n_uncached, warmups=warmups)
    results["dashboard_uncached"] = uncached
    results["dashboard_raw_sql"] = raw

    stderr.write("measuring: dashboard, cached ...\n")
    client.get("/dashboard/")
    results["dashboard_cached"] = time_get(client, "/dashboard/", n=n_cached, warmups=warmups)

    plan = RenovationPlan.objects.annotate(n=Count("compounds")).order_by("-n", "pk").first()
    if plan is not None:
        stderr.write("measuring: dashboard of one plan, uncached ...\n")
        one = time_get(
            client, f"/dashboard/?plan={plan.pk}", n=n_uncached, warmups=warmups, before=bump
        )
        one["plan_compounds"] = plan.n
        results["dashboard_one_plan_uncached"] = one
    else:
        results["dashboard_one_plan_uncached"] = {"error": "no plan"}

    # The wall chart (挂图作战): of the largest plan, and of the street with the most compounds
    # (hundreds at scale 1.0: the "plan of 300 compounds" and more).
    if plan is not None:
        stderr.write("measuring: the wall chart of one plan and of one street ...\n")
        wall = time_get(client, f"/progress/gantt/?plan={plan.pk}", n=n_uncached, warmups=warmups)
        wall["compounds"] = plan.n
        results["wall_chart_plan"] = wall
        street = Street.objects.annotate(n=Count("communities__compounds")).order_by("-n").first()
        wall = time_get(
            client, f"/progress/gantt/?street={street.pk}", n=n_uncached, warmups=warmups
        )
        wall["compounds"] = street.n
        results["wall_chart_street"] = wall
    else:
        results["wall_chart_plan"] = results["wall_chart_street"] = {"error": "no plan"}

    stderr.write("measuring: compound list and API ...\n")
    listing = time_get(client, "/compounds/?status=started&page=2", n=n_uncached, warmups=warmups)
    listing["page_size"] = PAGE_SIZE
    results["compound_list"] = listing
    api = time_get(
        client, "/api/v1/compounds/?status=started&page=2", n=n_uncached, warmups=warmups
    )
    if api.get("error") == "HTTP 404":  # a small scale has no second page of 50
        api = time_get(client, "/api/v1/compounds/?status=started", n=n_uncached, warmups=warmups)
        api["note"] = "page 2 does not exist at this scale: page 1 measured"
    api["page_size"] = settings.REST_FRAMEWORK.get("PAGE_SIZE")
    results["compound_api_list"] = api
    for result in results.values():
        result.pop("_db_times", None)
    return results


def monthly_city_report(*, stderr) -> dict:
    """Every street's monthly report of the last complete month, as the beat asks for them
    (progress.tasks.build_periodic_reports), built through Celery run eagerly; timed in all
    and per report. The spreadsheets go to a throwaway folder."""
    from celery.signals import task_postrun, task_prerun

    from progress import rules, tasks
    from progress.choices import ReportKind, ReportStatus
    from progress.models import Report
    from renovation.celery_app import app

    stderr.write("measuring: the monthly report of every street ...\n")
    start, end = rules.previous_period(ReportKind.MONTHLY, clock.today())
    per_report, began_at = [], {}

    def before(task_id=None, task=None, **kwargs):
        if task is not None and task.name == tasks.build_report.name:
            began_at[task_id] = time.perf_counter()

    def after(task_id=None, task=None, **kwargs):
        if task_id in began_at:
            per_report.append(time.perf_counter() - began_at.pop(task_id))

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    media = tempfile.mkdtemp(prefix="renovation-bench-media-")
    task_prerun.connect(before, weak=False)
    task_postrun.connect(after, weak=False)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    try:
        with override_settings(MEDIA_ROOT=media), QueryTimer() as timer:
            began = time.perf_counter()
            streets = tasks.build_periodic_reports.apply(kwargs={"kind": ReportKind.MONTHLY}).get()
            total = time.perf_counter() - began
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved
        task_prerun.disconnect(before)
        task_postrun.disconnect(after)
        shutil.rmtree(media, ignore_errors=True)
    reports = Report.objects.filter(kind=ReportKind.MONTHLY, period_start=start)
    return {
        "period": f"{start.isoformat()}..{end.isoformat()}",
        "streets": streets,
        "street_count": Street.objects.count(),
        "reports_ready": reports.filter(status=ReportStatus.READY).count(),
        "reports_failed": reports.filter(status=ReportStatus.FAILED).count(),
        "total_s": round(total, 3),
        "per_report": summary(per_report),
        "queries": timer.count,
        "db_time_s": round(timer.seconds, 3),
    }
