"""In-process measurements of the benchmark: pages through django.test.Client with each query
timed, the dashboard's SQL replayed bare on the database cursor, and the city's monthly reports
built through Celery (eagerly).

Per page: p50/p95/mean/min/max of the whole request (ms); ``queries`` and
``queries_own_time_ms`` from CaptureQueriesContext on one more request (its count includes the
BEGIN and COMMIT of the request's transaction, its times are rounded to the ms);
``statements_per_request`` and ``db_time_p50_ms`` from timing every statement through
``connection.execute_wrapper`` during the timed requests (the database's share of the time).

The GeoJSON entries add ``bytes`` (the body) and ``features`` (and how many have no geometry);
the wall charts ``compounds`` (how many their filter selects); the compound page with its
chart adds the same page timed with the chart's drawing skipped (``progress.gantt.chart``
patched to return None), one such request after each timed one, and the ratio of the two
p50s."""

import contextlib
import gc
import json
import shutil
import statistics
import tempfile
import time
from unittest import mock
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.http import QueryDict
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from common import clock
from compounds.choices import CompoundStatus
from compounds.models import Compound, RenovationPlan, Street
from progress.models import Milestone

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


WALL_CHART_SIZE = 300  # compounds on the wall chart of the "plan of 300 compounds"


def geojson(client, url, *, n: int, warmups: int) -> dict:
    """A GeoJSON URL timed as a page, with the size of its body and its features."""
    result = time_get(client, url, n=n, warmups=warmups)
    if "error" in result:
        return result
    response = client.get(url)
    features = json.loads(response.content)["features"]
    return result | {
        "content_type": response["Content-Type"],
        "bytes": len(response.content),
        "features": len(features),
        "features_without_geometry": sum(1 for f in features if f["geometry"] is None),
    }


def selected(user, url) -> int:
    """How many compounds the wall chart's filters in ``url`` select for ``user``: its
    FilterSet on its selector, as progress.views.programme_chart does."""
    from compounds.filtersets import CompoundFilterSet
    from compounds.selectors import compound_list

    request = RequestFactory().get(url)
    request.user = user
    params = QueryDict(url.partition("?")[2])
    filterset = CompoundFilterSet(params, queryset=compound_list(user=user), request=request)
    return filterset.qs.count() if filterset.is_valid() else 0


def wall_chart_filter(size: int = WALL_CHART_SIZE) -> dict:
    """The filter of the wall chart that selects closest to ``size`` compounds: a district's
    plan year, or a whole district (the largest plan is a street's year, a few dozen
    compounds; a street is a couple of hundred at scale 1.0, and is measured on its own).
    Both are filters of the wall chart's FilterSet (CompoundFilterSet: ``district``, ``year``)
    though its form shows only the plan, street, community and status."""
    district = "community__street__district"
    by_year = Compound.objects.values(district, "plan__year").annotate(n=Count("pk"))
    candidates = [({"district": g[district], "year": g["plan__year"]}, g["n"]) for g in by_year] + [
        ({"district": g[district]}, g["n"])
        for g in Compound.objects.values(district).annotate(n=Count("pk"))
    ]
    best = min(
        candidates,
        key=lambda pair: (abs(pair[1] - size), -pair[1], len(pair[0]), str(pair[0])),
        default=None,
    )
    return best[0] if best else {}


def page_with_and_without_chart(client, url, *, n: int, warmups: int) -> dict:
    """The compound's progress page timed as it is, and after each timed request the same page
    once more with its chart skipped: ``progress.gantt.chart``, which compound_schedule calls
    for the "chart" it hands the template, patched to return None (the template then draws an
    empty frame: no rows, days off or months; the figure, its legend and the Steps built for
    the chart remain, a small share of the chart's cost)."""
    without, rows_without = [], []

    def skip_chart(timed=True):
        with mock.patch("progress.gantt.chart", return_value=None):
            began = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - began
        if response.status_code != 200:
            raise RuntimeError(f"{url} without its chart: HTTP {response.status_code}")
        if timed:
            without.append(elapsed)
            rows_without.append(response.content.count(b'class="gantt-row'))

    try:
        for _ in range(warmups):
            skip_chart(timed=False)
        page = time_get(client, url, n=n, warmups=warmups, after=skip_chart)
    except RuntimeError as error:
        return {"url": url, "error": str(error)}
    if "error" in page:
        return page
    with_chart = client.get(url).content.count(b'class="gantt-row')
    plain = summary(without)
    ratio = round(page["p50_ms"] / plain["p50_ms"], 3) if plain["p50_ms"] else None
    return page | {
        "p50_ms_with_chart": page["p50_ms"],
        "p50_ms_without_chart": plain["p50_ms"],
        "ratio": ratio,
        "without_chart": plain,
        "chart_rows": with_chart,
        "chart_rows_without_chart": max(rows_without, default=None),
    }


def measure_map_and_charts(*, client, inspector, n: int, warmups: int, stderr) -> dict:
    """The compounds' GeoJSON (the API's, city-wide, and the public one), the wall chart of
    about WALL_CHART_SIZE compounds and a compound's page with and without its chart."""
    results = {}
    stderr.write("measuring: the compounds' GeoJSON, of the inspector and the public ...\n")
    results["geojson_city"] = geojson(client, "/api/v1/compounds/geojson/", n=n, warmups=warmups)
    anonymous = Client(HTTP_HOST=client_host())
    results["geojson_public"] = geojson(
        anonymous, "/public/compounds/geojson/", n=n, warmups=warmups
    )

    params = wall_chart_filter()
    if params:
        stderr.write(f"measuring: the wall chart of ~{WALL_CHART_SIZE} compounds ...\n")
        url = f"/progress/gantt/?{urlencode(params)}"
        wall = time_get(client, url, n=n, warmups=warmups)
        wall["compounds"] = selected(inspector, url)
        wall["filter"] = params
        results["wall_chart_300"] = wall
    else:
        results["wall_chart_300"] = {"error": "no compound"}

    has_milestones = Exists(Milestone.objects.filter(compound=OuterRef("pk")))
    compounds = Compound.objects.filter(has_milestones).order_by("pk")
    compound = compounds.filter(status=CompoundStatus.STARTED).first() or compounds.first()
    if compound is not None:
        stderr.write("measuring: a compound's progress page, with and without its chart ...\n")
        page = page_with_and_without_chart(
            client, f"/progress/compounds/{compound.pk}/", n=n, warmups=warmups
        )
        page["milestones"] = compound.milestones.count()
        page["status"] = compound.status
        results["compound_page_chart"] = page
    else:
        results["compound_page_chart"] = {"error": "no compound with milestones"}
    return results


@contextlib.contextmanager
def as_a_worker():
    """Measure as a gunicorn worker serves (gunicorn.conf.py, post_worker_init): what is loaded
    so far (the portal, and here the generator's leftovers) frozen out of the garbage
    collector's rounds, so a full collection walks only what the requests make."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def measure_pages(**options) -> dict:
    """The pages, measured as a worker serves them (as_a_worker)."""
    with as_a_worker():
        return _measure_pages(**options)


def _measure_pages(*, inspector, n_uncached: int, n_cached: int, warmups: int, stderr) -> dict:
    """The dashboard (uncached, its SQL replayed, cached, one plan), the wall charts, the
    compound lists, the compounds' GeoJSON and a compound's page with and without its chart."""
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
    results.update(
        measure_map_and_charts(
            client=client, inspector=inspector, n=n_uncached, warmups=warmups, stderr=stderr
        )
    )
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
