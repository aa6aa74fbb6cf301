"""Pages that belong to no single app: home, health, and the dashboard read through selectors."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from compounds import selectors as compound_selectors
from oversight import selectors as opinion_selectors
from progress import selectors as progress_selectors

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


@permission_required("compounds.view_compound", raise_exception=True)
def dashboard(request):
    plans = compound_selectors.plan_list(user=request.user).order_by("-year", "pk")
    plan_id = request.GET.get("plan")
    if plan_id:
        plan = plans.filter(pk=plan_id).first() if plan_id.isdigit() else None
        if plan is None:
            raise Http404("No such plan in your scope.")
    else:
        plan = plans.first()
    summary = compound_selectors.plan_summary(plan=plan, user=request.user) if plan else None
    late = progress_selectors.compounds_late_to_start(user=request.user, plan=plan) if plan else []
    voice = None
    if plan and request.user.has_perm("oversight.view_opinion"):
        voice = opinion_selectors.opinion_figures(user=request.user, plan=plan)
    return render(
        request,
        "dashboard.html",
        {
            "plans": plans,
            "plan": plan,
            "summary": summary,
            "late_to_start": late,
            "voice": voice,
        },
    )
