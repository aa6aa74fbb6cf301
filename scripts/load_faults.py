"""Load and fault test of the public opinion API: the portal served by gunicorn on loopback
(production settings, as `manage.py bench` starts it), a Celery worker with beat beside it,
and three runs of submissions from concurrent clients:

1. steady:   N submissions, nothing goes wrong;
2. redis:    N submissions; Redis is stopped a third of the way in and started again at two
             thirds: submissions must still be stored (the rate limit counts in the process,
             the registration waits for the beat sweep), and once Redis is back every one is
             registered as an opinion and its staff notice goes out;
3. postgres: N submissions; PostgreSQL is restarted a third of the way in: a client gets a
             clean 503 (with Retry-After) or its receipt, and nothing acknowledged is lost.

After each run it checks: every 201 (receipt code) stored exactly once, no 5xx but 503 (only
in the PostgreSQL run), and, at the end, every stored submission registered and notified.
It prints its figures as JSON and exits non-zero when a check fails.

    .venv/bin/python scripts/load_faults.py                 # 10,000 a run, 32 clients
    .venv/bin/python scripts/load_faults.py --short         # 600 a run (CI)

It needs the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust) and Redis
(127.0.0.1:6379), and stops and starts them (pg_ctlcluster; redis-server with the command
line of .ci/run): run it on a machine of its own, never beside production. Its database,
``renovation_load`` (LOAD_DB_NAME), is dropped and made afresh with the demo data.
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = os.environ.get("LOAD_DB_NAME", "renovation_load")
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = os.environ.get("LOAD_REDIS_DB", "8")
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def sh(*command, check=True, **kwargs):
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)  # noqa: S603


def psql(sql, database="postgres"):
    return sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql).stdout


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # noqa: BLE001, S110  not up yet
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not come back in {seconds} s")


def postgres_up():
    return sh("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q", check=False).returncode == 0


def redis_up():
    return sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping", check=False).stdout.strip() == (
        "PONG"
    )


def restart_postgres():
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    sh("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart", "-m", "fast")
    wait_for(postgres_up, 60, "PostgreSQL")


def stop_redis():
    sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave", check=False)
    wait_for(lambda: not redis_up(), 20, "Redis (stopping)")


def start_redis():
    os.makedirs("/var/log/redis", exist_ok=True)
    os.makedirs("/var/lib/redis", exist_ok=True)
    sh(*REDIS_START)
    wait_for(redis_up, 30, "Redis")


def prepare_database(python):
    """A fresh database with the demo data (30 compounds, their staff to notify)."""
    if not postgres_up():
        restart_postgres()
    if not redis_up():
        start_redis()
    psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB_NAME}"')
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB_NAME}", "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "renovation.settings.local",
           "CELERY_TASK_ALWAYS_EAGER": "1"}  # fmt: skip
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,  # noqa: S603
                   check=True)  # fmt: skip
    subprocess.run([python, "manage.py", "seed_demo", "--force"], cwd=ROOT, env=env,  # noqa: S603
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip


class Supervised:
    """The Celery worker (with beat), started again whenever it stops, as systemd
    (Restart=on-failure) and docker compose (restart: unless-stopped) do in production: a
    worker may exit when its broker goes away. The restarts are counted."""

    def __init__(self, command, *, env, log):
        self.command, self.env, self.log = command, env, log
        self.restarts = 0
        self.stopping = False
        self.process = self._start()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _start(self):
        return subprocess.Popen(  # noqa: S603
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )  # fmt: skip

    def _watch(self):
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                time.sleep(2)  # systemd's RestartSec
                self.restarts += 1
                self.process = self._start()
            time.sleep(0.5)

    def stop(self) -> int:
        self.stopping = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.restarts


class Clients:
    """``count`` submissions sent by ``concurrency`` threads, each on a new connection (as
    residents' phones would), each request's status and receipt code kept; ``at`` maps a
    number of requests sent to a function run then, once (the faults)."""

    def __init__(self, port, *, count, concurrency, marker, compounds, at=None):
        self.port = port
        self.count = count
        self.concurrency = concurrency
        self.marker = marker
        self.compounds = compounds
        self.at = dict(at or {})
        self.sent = 0
        self.lock = threading.Lock()
        self.results = []  # (status or None, code or None, error or None)
        self.fault_errors = []

    def _next(self):
        with self.lock:
            if self.sent >= self.count:
                return None
            self.sent += 1
            number = self.sent
            fault = self.at.pop(number, None)
        if fault is not None:  # in a thread of its own: the clients go on meanwhile
            threading.Thread(target=self._run_fault, args=(fault,), daemon=True).start()
        return number

    def _run_fault(self, fault):
        try:
            fault()
        except Exception as error:  # noqa: BLE001
            self.fault_errors.append(f"{type(error).__name__}: {error}")

    def _send(self, number):
        body = json.dumps({
            "compound": self.compounds[number % len(self.compounds)],
            "topics": ["other"],
            "text": f"{self.marker}-{number} 楼道灯坏了，晚上看不见。",
            "consent": True,
        }, ensure_ascii=False).encode()  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST", "/api/v1/public/opinions/", body=body,
                               headers={"Content-Type": "application/json"})  # fmt: skip
            response = connection.getresponse()
            data = response.read()
            code = None
            if response.status == 201:
                code = json.loads(data)["code"]
            elif response.status == 503 and not response.getheader("Retry-After"):
                return (response.status, None, "503 without Retry-After")
            return (response.status, code, None)
        except (OSError, http.client.HTTPException) as error:
            return (None, None, f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    def _work(self):
        while (number := self._next()) is not None:
            result = self._send(number)
            with self.lock:
                self.results.append(result)

    def run(self):
        began = time.perf_counter()
        threads = [threading.Thread(target=self._work) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.seconds = time.perf_counter() - began
        return self


def tally(clients, stored):
    """The run's figures; ``stored`` maps each stored submission's code to its text (unique
    per request: a text stored under two codes was stored twice)."""
    statuses = {}
    for status, _code, _error in clients.results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    accepted = [code for status, code, _error in clients.results if status == 201]
    return {
        "sent": clients.count,
        "clients": clients.concurrency,
        "seconds": round(clients.seconds, 1),
        "per_second": round(clients.count / clients.seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "accepted": len(accepted),
        "stored": len(stored),
        "stored_twice": len(stored) - len(set(stored.values())),
        "accepted_not_stored": len(set(accepted) - set(stored)),
        "stored_not_acknowledged": len(set(stored) - set(accepted)),
        "5xx_not_503": sum(
            1 for status, *_ in clients.results if status and status >= 500 and status != 503
        ),  # fmt: skip
        "503": statuses.get("503", 0),
        "connection_errors": sum(1 for status, *_ in clients.results if status is None),
        "client_errors_seen": sorted({e for *_, e in clients.results if e})[:5],
        "fault_errors": clients.fault_errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000, help="per run")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--short", action="store_true", help="600 submissions a run (CI)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--settle", type=int, default=300,
                        help="seconds to wait for every submission to be registered and "
                        "notified at the end")  # fmt: skip
    args = parser.parse_args()
    # Stopped by CI or by hand: still stop gunicorn and the worker, and start Redis again.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    count = 600 if args.short else args.submissions
    python = sys.executable

    print(f"load: preparing {DB_NAME} with the demo data ...", file=sys.stderr)
    prepare_database(python)
    os.environ.update({
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "DJANGO_SETTINGS_MODULE": "renovation.settings.local",
        "DEBUG": "0",
    })  # fmt: skip
    import django

    django.setup()
    from django.db import close_old_connections, connection

    from compounds.models import Compound
    from oversight.models import Opinion, OpinionIntake
    from renovation.bench.http_load import Gunicorn

    compounds = list(Compound.objects.values_list("pk", flat=True))
    folder = Path(tempfile.mkdtemp(prefix="renovation-load-"))
    server = Gunicorn(workers=args.workers, folder=folder, stderr=sys.stderr)
    worker_log = (folder / "celery.log").open("ab")
    worker = None
    results = {
        "submissions_per_run": count,
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "rate_limit": server.env["OPINION_SUBMIT_RATE"],
    }
    marker = f"load-{secrets.token_hex(3)}"
    failed = []
    try:
        server.collectstatic()
        server.start()
        worker = Supervised(
            [python, "-m", "celery", "-A", "renovation", "worker", "-B", "--concurrency", "2",
             "--loglevel", "WARNING", "-s", str(folder / "beat-schedule")],
            env=server.env, log=worker_log,
        )  # fmt: skip

        def stored(run_marker):
            """The run's stored submissions, code: text, whether still waiting in the inbox
            or already registered (registering empties the inbox row's payload); the waiting
            ones first, so that one registered meanwhile is found either way."""
            close_old_connections()
            connection.close()
            prefix = f"{run_marker}-"
            waiting = OpinionIntake.objects.filter(payload__text__startswith=prefix)
            found = dict(waiting.values_list("code", "payload__text"))
            registered = Opinion.objects.filter(text__startswith=prefix)
            found.update(registered.values_list("code", "text"))
            return found

        runs = {
            "steady": {},
            "redis_stopped": {count // 3: stop_redis, 2 * count // 3: start_redis},
            "postgres_restarted": {count // 3: restart_postgres},
        }
        all_codes = []  # every stored submission's code (registering empties the payload)
        for name, faults in runs.items():
            print(f"load: {name}, {count} submissions from {args.clients} clients ...",
                  file=sys.stderr)  # fmt: skip
            run_marker = f"{marker}-{name}"
            clients = Clients(server.port, count=count, concurrency=args.clients,
                              marker=run_marker, compounds=compounds, at=faults).run()  # fmt: skip
            wait_for(postgres_up, 60, "PostgreSQL")
            if not redis_up():
                start_redis()
            found = stored(run_marker)
            all_codes.extend(found)
            result = tally(clients, found)
            results[name] = result
            if result["accepted_not_stored"] or result["stored_twice"] or result["5xx_not_503"]:
                failed.append(f"{name}: an accepted submission lost or stored twice, or a 5xx")
            if name != "postgres_restarted" and result["503"]:
                failed.append(f"{name}: 503 answers without a database fault")
            if result["fault_errors"]:
                failed.append(f"{name}: the fault could not be made: {result['fault_errors']}")
            if result["accepted"] == 0:
                failed.append(f"{name}: nothing accepted")

        print("load: waiting for every submission to be registered and notified ...",
              file=sys.stderr)  # fmt: skip
        began = time.monotonic()

        def settled():
            close_old_connections()
            intakes = OpinionIntake.objects.filter(code__in=all_codes)
            opinions = Opinion.objects.filter(code__in=all_codes)
            return (
                not intakes.filter(registered_at__isnull=True).exists()
                and opinions.count() == len(all_codes)
                and not opinions.filter(notified_at__isnull=True).exists()
            )

        try:
            wait_for(settled, args.settle, "registration and notices")
        except RuntimeError as error:
            failed.append(str(error))
        close_old_connections()
        stored = len(all_codes)
        opinions = Opinion.objects.filter(code__in=all_codes)
        results["after"] = {
            "stored": stored,
            "registered": opinions.count(),
            "notified": opinions.filter(notified_at__isnull=False).count(),
            "opinions_twice": opinions.count() - opinions.values("text").distinct().count(),
            "seconds_to_settle": round(time.monotonic() - began, 1),
        }
        if results["after"]["registered"] != stored or results["after"]["opinions_twice"]:
            failed.append("not every stored submission became exactly one opinion")
        if results["after"]["notified"] != results["after"]["registered"]:
            failed.append("not every opinion's staff notice went out")
    finally:
        if not redis_up():
            start_redis()
        server.stop()
        if worker is not None:
            results["worker_restarts"] = worker.stop()
        results["portal_logged"] = server.warnings()
        connection.close()
    results["failed"] = failed
    results["pass"] = not failed
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
