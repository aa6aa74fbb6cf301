"""The error page for a failure the client can only wait out: the database or Redis cannot be
reached (restarting, failing over). Such a request answers 503 with Retry-After, a short
page (or JSON under /api/) that needs neither of them, instead of a 500; any other unhandled
error is Django's 500.

It is Django's 500 handler (``handler500`` in renovation/urls.py), so it sees the failures of
the middleware (sessions, permissions) as well as the views': Django calls it while the
exception is being handled. The 404 handler is Django's, without a CSRF check that could
raise inside it.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, server_error
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 10
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def is_unavailable(error) -> bool:
    """The database or Redis could not be reached (not a wrong query: ProgrammingError and
    IntegrityError are DatabaseErrors too, and stay 500s)."""
    if isinstance(error, UNAVAILABLE):
        return True
    cause = getattr(error, "__cause__", None)
    return isinstance(error, DatabaseError) and isinstance(cause, UNAVAILABLE)


def handler500(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if error is not None and is_unavailable(error):
        return unavailable(request)
    return server_error(request, template_name)


def handler404(request, exception, template_name="404.html"):
    """Django's page_not_found without its CSRF check (requires_csrf_token): the check reads
    the POST, and a body Django cannot parse (a multipart without its boundary) raised there,
    inside the handler, which made a 404 a 500. The page's forms still get their token: the
    CSRF middleware has read the cookie before any view."""
    return page_not_found.__wrapped__(request, exception, template_name)


def unavailable(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The service is briefly unavailable. Please try again shortly.")},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
