"""gunicorn settings of the portal in production: ``gunicorn -c gunicorn.conf.py renovation.wsgi``.

Every value can be changed from the environment (see .env.example, "gunicorn"); the defaults
suit a reverse proxy (nginx) on the same machine. docs/deployment.md says how the pieces fit.
"""

import os


def _cpu_count() -> int:
    # The CPUs this process may run on (a container's or a systemd unit's CPU set), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Where to listen. Loopback by default: only the reverse proxy on this machine talks to gunicorn.
# The container image sets 0.0.0.0:8000, and docker compose publishes it on 127.0.0.1 only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers (one request at a time per process): the portal's views are plain blocking
# Django with a database connection each. 2 x CPUs + 1 is gunicorn's suggested starting point;
# each worker keeps a PostgreSQL connection open (CONN_MAX_AGE), so mind max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cpu_count() + 1))
worker_class = "sync"
threads = 1

# A worker that answers nothing for this long is killed and replaced. Above the default 30 s
# because the "Export to Excel" downloads build the whole workbook inside the request; keep nginx's
# proxy_read_timeout the same.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# On restart or reload, the time a worker has to finish the request it is serving.
graceful_timeout = 30

# Replace each worker after about 1000 requests (spread over 1000-1100 so that they do not all
# restart at once): bounds any slow growth in memory.
max_requests = 1000
max_requests_jitter = 100

# The heartbeat file each worker touches: in memory, since a disk-backed /tmp (a container's
# overlay file system) can block the fchmod it relies on.
# gunicorn's own name for the heartbeat files (never user data): the S108 warning is moot.
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.access(SHM, os.W_OK) else None

# Addresses allowed to set X-Forwarded-Proto for gunicorn itself (wsgi.url_scheme). Django
# decides https from the same header through SECURE_PROXY_SSL_HEADER, so the proxy must
# always overwrite it. The default is gunicorn's own: the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stderr (journald under systemd, `docker compose logs` in a container). The access
# log is off: nginx keeps one. GUNICORN_ACCESSLOG=- turns it on to stdout.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()  # the portal's own LOG_LEVEL

# gunicorn 25.1+ opens a control socket (for `gunicornc`) under $HOME by default; the service
# user's home is read-only under systemd's ProtectSystem=strict. Restart through systemctl or
# docker compose instead. Older gunicorn versions ignore this name.
control_socket_disable = True

# The name shown by ps and top.
proc_name = "renovation-web"


def post_worker_init(worker):
    """Once a worker has loaded the portal, take what it loaded out of the garbage collector's
    rounds (gc.freeze): those objects live as long as the worker, and every full collection
    would walk them again. A large response (the city's GeoJSON: tens of thousands of rows)
    triggers several collections; manage.py bench measures its pages the same way."""
    import gc

    gc.collect()
    gc.freeze()
