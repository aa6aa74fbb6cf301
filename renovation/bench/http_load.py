"""The HTTP part of the benchmark: the portal served by gunicorn on loopback (production
settings, see renovation/bench/settings.py, and production's gunicorn.conf.py), loaded by wrk
with load.lua.

gunicorn runs as deployed (gunicorn.conf.py: sync workers, 2 x CPUs + 1 of them unless
WEB_CONCURRENCY or --gunicorn-workers says otherwise), bound to a free loopback port, with its
workers never recycled during the run (max_requests 0: production replaces each worker after
about a thousand requests, which a load of a thousand a second would turn into restarts every
few seconds, measuring Django's start-up instead of its requests).

The gunicorn runs with, in its environment: DJANGO_SETTINGS_MODULE=renovation.bench.settings,
SECRET_KEY (random), ALLOWED_HOSTS=127.0.0.1,localhost, DATABASE_URL and REDIS_URL (this
process's), CONN_MAX_AGE=60, SECURE_SSL_REDIRECT=0 (plain HTTP on loopback), BENCH_VIEWS=1,
OPINION_SUBMIT_RATE and OPINION_ATTEMPT_RATE=100000/s (the public API's per-address limits,
raised, still counted), MEDIA_ROOT and BENCH_STATIC_ROOT (throwaway folders), LOG_LEVEL=WARNING.
"""

import datetime
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.db import connection

from common import clock
from compounds.choices import CompoundStatus
from compounds.models import Compound
from oversight.models import Opinion, OpinionIntake
from progress.models import DailyLog, WorkItem
from progress.selectors import working_calendar

from .data import INSPECTOR, PASSWORD, STREET_STAFF, TOPICS, ensure_bench_tables

LUA = Path(__file__).with_name("load.lua")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
# Every request of the load comes from one address, so the throttle's record of that address
# (DRF keeps the time of each request in the window) would grow to a minute of the whole
# load's requests with a per-minute rate: a second's window keeps it near what a real
# address holds, and the limit is still counted on every request.
OPINION_RATE = "100000/s"


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    db = settings.DATABASES["default"]
    auth = urllib.parse.quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


GUNICORN_CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"


def configured_workers() -> int:
    """The number of workers production's gunicorn.conf.py gives on this machine."""
    import runpy

    return int(runpy.run_path(str(GUNICORN_CONF))["workers"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """A gunicorn of the portal on 127.0.0.1, started and stopped by this process (by pid)."""

    def __init__(self, *, workers: int | None, folder: Path, stderr):
        self.workers = workers or configured_workers()
        self.folder = folder
        self.stderr = stderr
        self.port = free_port()
        self.process = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "renovation.bench.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CONN_MAX_AGE": "60",
            "SECURE_SSL_REDIRECT": "0",
            "BENCH_VIEWS": "1",
            "OPINION_SUBMIT_RATE": OPINION_RATE,
            "OPINION_ATTEMPT_RATE": OPINION_RATE,
            "MEDIA_ROOT": str(folder / "media"),
            "BENCH_STATIC_ROOT": str(folder / "static"),
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "line",  # read back by warnings() below
            "DEBUG": "0",
        }
        self.env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        self.log = folder / "gunicorn.log"

    def env_report(self) -> dict:
        shown = (
            "DJANGO_SETTINGS_MODULE",
            "ALLOWED_HOSTS",
            "CONN_MAX_AGE",
            "SECURE_SSL_REDIRECT",
            "BENCH_VIEWS",
            "OPINION_SUBMIT_RATE",
            "OPINION_ATTEMPT_RATE",
            "LOG_LEVEL",
        )
        return {name: self.env[name] for name in shown} | {
            "SECRET_KEY": "(random)",
            "DATABASE_URL": "(this database)",
            "REDIS_URL": self.env["REDIS_URL"] or "(none)",
            "MEDIA_ROOT": "(throwaway)",
            "BENCH_STATIC_ROOT": "(throwaway)",
        }

    def collectstatic(self) -> None:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=self.env,
            check=True,
        )

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(GUNICORN_CONF),
            "renovation.wsgi:application",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(self.workers),
            "--max-requests",
            "0",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
        ]
        with self.log.open("ab") as log:  # gunicorn's own log, and Django's (console)
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                start_new_session=True,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.tail()}")
            try:
                status, _headers, _body = self.request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz in 60 s:\n{self.tail()}")

    def tail(self, limit: int | None = 3000) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return text if limit is None else text[-limit:]

    def warnings(self) -> dict:
        """The warnings and errors the portal logged under load, counted by message."""
        found: dict[str, int] = {}
        for line in self.tail(limit=None).splitlines():
            for level in (" WARNING ", " ERROR ", " CRITICAL "):
                if level in line:
                    message = line.split(level, 1)[1].strip()
                    message = " ".join(
                        w if not any(c.isdigit() for c in w) else "#" for w in message.split()
                    )
                    found[level.strip() + " " + message] = (
                        found.get(level.strip() + " " + message, 0) + 1
                    )
        return dict(sorted(found.items(), key=lambda kv: -kv[1])[:10])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the arbiter stops its own workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, *, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, response.headers, data
        finally:
            conn.close()

    def login(self, username: str, password: str) -> dict:
        """Log in through the login page; return the cookies (session and CSRF)."""
        cookies = {}

        def keep(headers):
            for line in headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(line)
                cookies.update({name: morsel.value for name, morsel in jar.items()})

        status, headers, _body = self.request("GET", "/accounts/login/")
        keep(headers)
        if status != 200 or "csrftoken" not in cookies:
            raise RuntimeError(f"login page: HTTP {status}, cookies {sorted(cookies)}")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": cookies["csrftoken"],
            }
        )
        status, headers, _body = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken']}",
            },
        )
        keep(headers)
        if status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"login of {username}: HTTP {status}")
        return cookies


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def wrk(url, *, method="GET", bodies=None, headers=(), duration, connections, threads) -> dict:
    """Run wrk with load.lua; return its tally: requests, rate, latency, status counts."""
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
    ]
    for header in headers:
        command += ["-H", header]
    command += [url, "--", method, str(bodies) if bodies else "-", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        return {"error": f"wrk failed ({done.returncode}): {done.stderr.strip()[-500:]}"}
    raw = json.loads(line.removeprefix("BENCH_RESULT "))
    statuses = {int(k): v for k, v in raw["statuses"].items()}
    seconds = raw["duration_us"] / 1e6
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "duration_s": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else None,
        "p50_ms": round(latency["p50"] / 1000, 3),
        "p90_ms": round(latency["p90"] / 1000, 3),
        "p95_ms": round(latency["p95"] / 1000, 3),
        "p99_ms": round(latency["p99"] / 1000, 3),
        "max_ms": round(latency["max"] / 1000, 3),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "non_2xx": sum(v for k, v in statuses.items() if not 200 <= k < 300),
        "5xx": sum(v for k, v in statuses.items() if k >= 500),
        "socket_errors": raw["errors"],
        "connections": connections,
        "threads": threads,
    }


def merged(rounds: list[dict]) -> dict:
    """One tally of several wrk runs of the same load: requests, time and statuses added up
    (so the rate is over all of them); the latency percentiles are the median of the runs'."""
    if any("error" in r for r in rounds):
        return next(r for r in rounds if "error" in r)
    requests = sum(r["requests"] for r in rounds)
    seconds = sum(r["duration_s"] for r in rounds)
    statuses: dict[str, int] = {}
    for r in rounds:
        for code, n in r["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    errors: dict[str, int] = {}
    for r in rounds:
        for kind, n in r["socket_errors"].items():
            errors[kind] = errors.get(kind, 0) + n
    result = {
        "requests": requests,
        "duration_s": round(seconds, 3),
        "rps": round(requests / seconds, 1) if seconds else None,
    }
    for name in ("p50_ms", "p90_ms", "p95_ms", "p99_ms"):
        result[name] = round(statistics.median(r[name] for r in rounds), 3)
    result |= {
        "max_ms": max(r["max_ms"] for r in rounds),
        "statuses": dict(sorted(statuses.items())),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "5xx": sum(r["5xx"] for r in rounds),
        "socket_errors": errors,
        "connections": rounds[0]["connections"],
        "threads": rounds[0]["threads"],
        "rounds_rps": [r["rps"] for r in rounds],
    }
    return result


def alternate(loads: dict, *, rounds: int, duration: int, stderr) -> dict:
    """Run each load (name: function of a duration, returning wrk's tally) in turn, ``rounds``
    times, each run ``duration / rounds`` seconds; return each load's merged tally. A goal
    that compares two rates measures them turn about, so that a slow spell of the machine
    falls on both rather than on one."""
    share = max(1, round(duration / rounds))
    runs: dict[str, list] = {name: [] for name in loads}
    for number in range(rounds):
        for name, load in loads.items():
            stderr.write(f"http: {name}, round {number + 1} of {rounds}, {share}s ...\n")
            runs[name].append(load(share, number))
    return {name: merged(tallies) for name, tallies in runs.items()}


def opinion_bodies(path: Path, *, run: str, count: int = 2000) -> None:
    """Request bodies for the public opinion API: random compounds and topics; the text
    carries the run's marker and a per-request token ({n}, see load.lua)."""
    ids = list(Compound.objects.values_list("pk", flat=True))
    rng = random.Random(run)  # noqa: S311  (test data)
    with path.open("w") as out:
        for _ in range(count):
            body = {
                "compound": rng.choice(ids),
                "topics": rng.sample(TOPICS, rng.randint(1, 2)),
                "text": f"{run}-{{n}} 希望小区增加停车位，改善雨天积水。",
                "consent": True,
            }
            out.write(json.dumps(body, ensure_ascii=False) + "\n")


def daily_log_bodies(path: Path, *, street, limit: int) -> int:
    """Request bodies for the daily log API: the street's compounds at work, on days with no
    log yet (weekends: the loaded logs are on working days), one small entry each. Each line
    is a compound and day of its own: a compound has one log a day."""
    calendar = working_calendar()
    compounds = list(
        Compound.objects.filter(community__street=street, status=CompoundStatus.STARTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not compounds:
        return 0
    items = dict(
        WorkItem.objects.filter(compound__in=compounds)
        .order_by("compound", "-pk")
        .values_list("compound", "pk")
    )
    taken = set(DailyLog.objects.filter(compound__in=compounds).values_list("compound", "date"))
    day = clock.today() - datetime.timedelta(days=1)
    written = 0
    with path.open("w") as out:
        while written < limit and day.year >= 2015:
            if not calendar.is_working_day(day):
                for pk in compounds:
                    if (pk, day) in taken:
                        continue
                    body = {
                        "compound": pk,
                        "date": day.isoformat(),
                        "workers": 12,
                        "covered": True,
                        "wet_work": True,
                        "vehicle_washing": True,
                        "hoarding": True,
                        "safety_patrol": True,
                        "notes": "周末加班",
                        "entries": [{"work_item": items[pk], "quantity": "0.01"}],
                    }
                    out.write(json.dumps(body, ensure_ascii=False) + "\n")
                    written += 1
                    if written >= limit:
                        break
            day -= datetime.timedelta(days=1)
    return written


def register_submissions(marker: str) -> dict:
    """What the run's submissions became: each answered one is an intake row (stored); then
    registered as opinions here, in this process, as the Celery worker would (no worker runs
    during the load), timed; each must be one opinion, none twice, none left waiting."""
    from oversight.opinions.intake import register_pending

    intakes = OpinionIntake.objects.filter(payload__text__startswith=f"{marker}-")
    stored = intakes.count()
    stored_distinct = intakes.values("payload__text").distinct().count()
    began = time.perf_counter()
    registered = len(register_pending(limit=500))
    seconds = time.perf_counter() - began
    opinions = Opinion.objects.filter(text__startswith=f"{marker}-")
    count = opinions.count()
    return {
        "stored": stored,
        "duplicates": stored - stored_distinct,
        "registered": registered,
        "registration_s": round(seconds, 2),
        "registered_per_s": round(registered / seconds, 1) if seconds else None,
        "opinions": count,
        "opinion_duplicates": count - opinions.values("text").distinct().count(),
        "left_unregistered": OpinionIntake.objects.filter(registered_at__isnull=True).count(),
    }


def run(*, users, duration: int, connections: int, threads: int, workers: int | None, stderr,
        rounds: int = 3) -> dict:  # fmt: skip
    """Start gunicorn, run the five loads (the two pairs that make a goal turn about, in
    ``rounds`` runs of ``duration / rounds`` seconds each), stop gunicorn; return their
    results."""
    from renovation.celery_app import app

    ensure_bench_tables()
    folder = Path(tempfile.mkdtemp(prefix="renovation-bench-"))
    server = Gunicorn(workers=workers, folder=folder, stderr=stderr)
    load = {"duration": duration, "connections": connections, "threads": threads}
    results = {
        "gunicorn": {
            "config": GUNICORN_CONF.name,
            "workers": server.workers,
            "threads": 1,
            "max_requests": 0,
            "env": server.env_report(),
        },
        "rounds": rounds,
    }
    try:
        stderr.write("http: collecting static files for production settings ...\n")
        server.collectstatic()
        stderr.write(f"http: starting gunicorn on {server.url} ...\n")
        server.start()

        status, _h, _b = server.request("GET", "/bench/constant/")
        if status != 200:
            raise RuntimeError(f"/bench/constant/ answered {status}: are the bench views mounted?")
        inspector = server.login(INSPECTOR, PASSWORD)
        cookie = cookie_header(inspector)
        status, _h, _b = server.request("GET", "/dashboard/", headers={"Cookie": cookie})
        if status != 200:
            raise RuntimeError(f"/dashboard/ answered {status} to the inspector")
        # The cached dashboard against the constant view, turn about.
        pair = alternate(
            {
                "constant view": lambda seconds, _n: wrk(
                    f"{server.url}/bench/constant/", **load | {"duration": seconds}
                ),
                "dashboard, cached": lambda seconds, _n: wrk(
                    f"{server.url}/dashboard/",
                    headers=[f"Cookie: {cookie}"],
                    **load | {"duration": seconds},
                ),
            },
            rounds=rounds,
            duration=duration,
            stderr=stderr,
        )
        results["http_constant"] = pair["constant view"]
        results["http_dashboard_cached"] = pair["dashboard, cached"]

        # The public opinion API against the insert view, turn about. Each round's bodies
        # carry a marker of their own ({n} restarts with each wrk run).
        marker = f"bench-{secrets.token_hex(4)}"

        def submissions(seconds, number):
            bodies = folder / f"opinions-{number}.jsonl"
            opinion_bodies(bodies, run=f"{marker}-r{number}")
            return wrk(
                f"{server.url}/api/v1/public/opinions/",
                method="POST",
                bodies=bodies,
                headers=["Content-Type: application/json"],
                **load | {"duration": seconds},
            )

        before = Opinion.objects.count()
        pair = alternate(
            {
                "insert view": lambda seconds, _n: wrk(
                    f"{server.url}/bench/insert/", method="POST", **load | {"duration": seconds}
                ),
                "public opinion API": submissions,
            },
            rounds=rounds,
            duration=duration,
            stderr=stderr,
        )
        results["http_insert"] = pair["insert view"]
        result = pair["public opinion API"]
        time.sleep(1)  # the last requests wrk cut off may still be finishing
        result.update(register_submissions(marker))
        result.update(
            {
                "accepted_201": int(result.get("statuses", {}).get("201", 0)),
                "opinions_before": before,
                "opinions_after": Opinion.objects.count(),
                "rate_limit": OPINION_RATE,
            }
        )
        result["stored_not_seen_by_wrk"] = result["stored"] - result["accepted_201"]
        results["http_opinion_submit"] = result

        stderr.write(f"http: daily log API, {duration}s ...\n")
        staff = server.login(STREET_STAFF, PASSWORD)
        bodies = folder / "daily-logs.jsonl"
        available = daily_log_bodies(bodies, street=users["street"], limit=60_000)
        before = DailyLog.objects.count()
        result = wrk(
            f"{server.url}/api/v1/daily-logs/",
            method="POST",
            bodies=bodies,
            headers=[
                f"Cookie: {cookie_header(staff)}",
                f"X-CSRFToken: {staff['csrftoken']}",
                "Content-Type: application/json",
            ],
            **load,
        )
        time.sleep(1)
        result["logs_stored"] = DailyLog.objects.count() - before
        result["bodies_available"] = available
        results["http_daily_log_save"] = result
    except Exception as error:  # noqa: BLE001  report what ran, and why the rest did not
        results["error"] = f"{type(error).__name__}: {error}"
        results["gunicorn_log"] = server.tail()[-1500:]
    finally:
        server.stop()
        results["logged"] = server.warnings()
        shutil.rmtree(folder, ignore_errors=True)
        connection.close()
    # The opinions queued their staff notices on the bench's broker; no worker reads it.
    try:
        results["celery_messages_purged"] = app.control.purge()
    except Exception as error:  # noqa: BLE001
        results["celery_messages_purged"] = f"not purged: {error}"
    return results
