"""Pages that belong to no single app: home, health, and the dashboard read through selectors."""

import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.forms import style_form
from common.workbooks import xlsx_download
from oversight.disclosure import selectors as disclosure

from . import dashboard as board

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    """The way in: for residents, their two actions and the programme's public figures; for
    staff, the same figures and the links to their work (renovation.menu)."""
    return render(request, "home.html", {"figures": disclosure.programme_figures()})


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
    """The lists behind the dashboard's figures, filtered as the figures are. The bare lists
    (``compound_list``, ``problem_list``, ``opinion_list``, ``fund_list``) end in a query
    string a template adds ``&name=value`` to; the methods add their own filters."""

    def __init__(self, figures):
        base = {}
        for name in ("plan", "street", "community"):
            if figures[name] is not None:
                base[name] = figures[name].pk
        problems = {**base, "unresolved": "true"}
        opinions = {**base, "hidden": "false", "merged": "false"}
        if figures["start"]:
            problems["created__date__gte"] = figures["start"].isoformat()
            opinions["received_from"] = figures["start"].isoformat()
        if figures["end"]:
            problems["created__date__lte"] = figures["end"].isoformat()
            opinions["received_until"] = figures["end"].isoformat()
        self.compound_list = self._url("compounds:compound_list", base)
        self.problem_list = self._url("progress:rectification_list", problems)
        self.opinion_list = self._url("oversight:opinion_list", opinions)
        self.fund_list = self._url("oversight:fund_list", base)
        # Each row of the table per community (or street) leads to its compounds.
        for row in figures["register"]["communities"]:
            row["url"] = f"{self.compound_list}&{row['param']}={row['id']}"

    @staticmethod
    def _url(name, query):
        return f"{reverse(name)}?{urlencode(query)}"

    @staticmethod
    def _more(url, extra):
        query = QueryDict(mutable=True)
        for key, value in extra.items():
            query.setlist(key, value if isinstance(value, list | tuple) else [value])
        return f"{url}&{query.urlencode()}" if extra else url

    def compounds(self, **extra):
        return self._more(self.compound_list, extra)

    def started_in_month(self, month):
        last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return self.compounds(
            started_on__gte=month.isoformat(),
            started_on__lte=(last - datetime.timedelta(days=1)).isoformat(),
        )

    def started_in_year(self, year):
        return self.compounds(started_on__gte=f"{year}-01-01", started_on__lte=f"{year}-12-31")

    def problems(self, **extra):
        return self._more(self.problem_list, extra)

    def opinions(self, **extra):
        return self._more(self.opinion_list, extra)

    def funds(self, **extra):
        return self._more(self.fund_list, extra)


@transaction.non_atomic_requests  # it only reads: no BEGIN and COMMIT round trips
@permission_required("compounds.view_compound", raise_exception=True)
def dashboard(request):
    """The figures an inspector reads first, each leading to its list. The page body is cached
    per user, filters, language and day until a write changes a figure."""
    if request.GET.get("format") == "xlsx":
        form = board.DashboardFilterForm(request.GET, user=request.user)
        figures = board.dashboard_figures(user=request.user, **board.filters_of(form))
        name = f"dashboard-{figures['today'].isoformat()}.xlsx"
        return xlsx_download(board.dashboard_workbook(figures), name)

    def build():
        body = render_body()
        return render_to_string("dashboard.html", {"body": body}, request=request)

    def render_body():
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

    # The whole page is cached: per session and CSRF cookie as well as per user, since it
    # holds the logout form's token.
    key = board.cache_key(
        user=request.user,
        params=request.GET,
        session=f"{request.session.session_key}:{request.COOKIES.get(settings.CSRF_COOKIE_NAME)}",
    )
    get_token(request)  # the page's forms need the CSRF cookie, cached page or not
    return HttpResponse(board.cached(key, build))
