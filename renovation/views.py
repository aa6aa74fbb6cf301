"""Pages that belong to no single app: home, health, and the dashboard read through selectors."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import dashboard as board
from .forms import style_form

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    return render(request, "home.html")


@login_not_required
@transaction.non_atomic_requests  # a request transaction would fail before the check runs
@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database (and Redis, where configured) answer; 503 naming the part
    that does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001  any failure means unhealthy
        logger.warning("healthz: database check failed: %s", error)
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "ok", timeout=5)
            checks["redis"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
        except Exception as error:  # noqa: BLE001
            logger.warning("healthz: redis check failed: %s", error)
            checks["redis"] = "unavailable"
    failing = [name for name, state in checks.items() if state != "ok"]
    return JsonResponse(
        {"status": "unavailable" if failing else "ok", "checks": checks, "failing": failing},
        status=503 if failing else 200,
    )


class DashboardLinks:
    """The lists behind the dashboard's figures, filtered as the figures are."""

    def __init__(self, figures):
        self.figures = figures
        self.base = {}
        for name in ("plan", "street", "community"):
            if figures[name] is not None:
                self.base[name] = figures[name].pk

    def _url(self, name, base, extra):
        query = QueryDict(mutable=True)
        for key, value in {**base, **extra}.items():
            query.setlist(key, value if isinstance(value, list | tuple) else [value])
        return f"{reverse(name)}?{query.urlencode()}"

    def compounds(self, **extra):
        return self._url("compounds:compound_list", self.base, extra)

    def started_in_month(self, month):
        last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return self.compounds(
            started_on__gte=month.isoformat(),
            started_on__lte=(last - datetime.timedelta(days=1)).isoformat(),
        )

    def problems(self, **extra):
        period = {}
        if self.figures["start"]:
            period["created__date__gte"] = self.figures["start"].isoformat()
        if self.figures["end"]:
            period["created__date__lte"] = self.figures["end"].isoformat()
        return self._url(
            "progress:rectification_list", {**self.base, "unresolved": "true", **period}, extra
        )

    def opinions(self, **extra):
        period = {"hidden": "false", "merged": "false"}
        if self.figures["start"]:
            period["received_from"] = self.figures["start"].isoformat()
        if self.figures["end"]:
            period["received_until"] = self.figures["end"].isoformat()
        return self._url("oversight:opinion_list", {**self.base, **period}, extra)

    def funds(self, **extra):
        return self._url("oversight:fund_list", self.base, extra)


@permission_required("compounds.view_compound", raise_exception=True)
def dashboard(request):
    """The figures an inspector reads first, each leading to its list. The page body is cached
    per user, filters, language and day until a write changes a figure."""
    if request.GET.get("format") == "xlsx":
        form = board.DashboardFilterForm(request.GET, user=request.user)
        figures = board.dashboard_figures(user=request.user, **board.filters_of(form))
        response = HttpResponse(
            board.dashboard_workbook(figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"dashboard-{figures['today'].isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def build():
        form = board.DashboardFilterForm(request.GET, user=request.user)
        figures = board.dashboard_figures(user=request.user, **board.filters_of(form))
        style_form(form)
        links = DashboardLinks(figures)
        query = request.GET.copy()
        query.pop("format", None)
        return render_to_string(
            "includes/dashboard_body.html",
            {
                "form": form,
                "figures": figures,
                "links": links,
                "charts": board.charts(figures, links),
                "query": query.urlencode(),
            },
            request=request,
        )

    key = board.cache_key(user=request.user, params=request.GET)
    return render(request, "dashboard.html", {"body": board.cached(key, build)})
