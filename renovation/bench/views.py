"""The benchmark's ceiling views: what Django itself costs on this stack, to compare the
portal's pages against. Mounted at /bench/ only when the BENCH_VIEWS setting is true (see
renovation/urls.py); `manage.py bench` sets BENCH_VIEWS=1 for the gunicorn it starts.

They pass through the whole middleware stack and the request transaction like any page, and
need no login. The insert writes into ``bench_ping``, a table the bench command creates with
raw SQL (renovation.bench.data.ensure_bench_tables): no model, no migration.
"""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .data import PING_TABLE


@login_not_required
@require_GET
def constant(request):
    """A constant answer: the ceiling of any page."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_not_required
@csrf_exempt
@require_POST
def insert(request):
    """Insert one row: the ceiling of any page that stores something."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PING_TABLE} DEFAULT VALUES RETURNING id")  # noqa: S608
        (pk,) = cursor.fetchone()
    return JsonResponse({"id": pk}, status=201)
