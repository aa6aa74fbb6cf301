"""Rate limits of the public pages and the public API, per client address.

The same throttle classes serve the HTML views (on a plain Django HttpRequest: ``get_ident``
only reads ``META``) and the API viewset, so a client has one budget whichever door it uses.
The rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (a load test raises them
through the environment); a missing rate is a configuration error, never "no limit".

Each address has one counter per scope, in a window that opens at its first request and
closes the rate's duration later (common.cache.hit): one round trip to Redis per request
(and one more to say when to come back, when refused),
and a few bytes per address, where DRF's own throttle reads and writes the list of the times of
every request in the window.
"""

import math

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from common.cache import hit, seconds_left


class PublicRateThrottle(SimpleRateThrottle):
    """Count requests per client address (authenticated or not) in the scope's window."""

    def get_rate(self):
        # Read the settings at each request rather than once at import, so a changed setting
        # (a test's override) applies.
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        rate = rates.get(self.scope)
        if not rate:
            raise ImproperlyConfigured(f"No throttle rate is set for the scope {self.scope!r}.")
        return rate

    # Not DRF's "throttle_..." keys, which hold lists of times: a counter under such a key
    # would fail until it expired, after an upgrade.
    cache_format = "ratelimit:%(scope)s:%(ident)s"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        # num_requests and duration were read from the settings when this instance was made
        # (SimpleRateThrottle.__init__), once per request.
        self.key = self.get_cache_key(request, view)
        return hit(self.key, self.duration) <= self.num_requests

    def wait(self):
        return seconds_left(self.key, self.duration)


class OpinionSubmitThrottle(PublicRateThrottle):
    scope = "opinion_submit"


class OpinionTrackThrottle(PublicRateThrottle):
    scope = "opinion_track"


def seconds_to_wait(throttle_class, request) -> int | None:
    """Count this request against ``throttle_class``; return None when it may go on, else the
    whole number of seconds (at least 1) before the client may try again."""
    throttle = throttle_class()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    return max(1, math.ceil(wait if wait is not None else throttle.duration))
