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

Sending an opinion has two limits per address. The one residents meet (``opinion_submit``,
5 a minute) counts accepted submissions only: it is checked before the submission and counted
once the opinion is stored (``OpinionSubmitThrottle.accepted``), so a resident who mistypes a
phone number, or shares a collection point's Wi-Fi with neighbours who did, can still send.
A much higher one (``opinion_attempt``, 60 a minute) counts every post, refused or not,
against floods. The check of both and the count of the attempt are one round trip
(common.cache.hit_and_read), the count of an accepted one a second.
"""

import math

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from common.cache import hit, hit_and_read, seconds_left


def configured_rate(scope: str) -> str:
    # Read the settings at each request rather than once at import, so a changed setting
    # (a test's override) applies.
    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    rate = rates.get(scope)
    if not rate:
        raise ImproperlyConfigured(f"No throttle rate is set for the scope {scope!r}.")
    return rate


class PublicRateThrottle(SimpleRateThrottle):
    """Count requests per client address (authenticated or not) in the scope's window."""

    def get_rate(self):
        return configured_rate(self.scope)

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
    """Sending an opinion: at most ``opinion_submit`` accepted submissions per address, counted
    by ``accepted`` once one is stored, and at most ``opinion_attempt`` posts of any outcome,
    counted here. ``refused_scope`` says which limit refused a request."""

    scope = "opinion_submit"
    attempt_scope = "opinion_attempt"
    refused_scope = None
    refused = None  # (key, window) of the limit that refused

    def allow_request(self, request, view):
        ident = self.get_ident(request)
        accepted_key = self.cache_format % {"scope": self.scope, "ident": ident}
        attempt_key = self.cache_format % {"scope": self.attempt_scope, "ident": ident}
        attempts_allowed, attempt_window = self.parse_rate(configured_rate(self.attempt_scope))
        attempts, accepted = hit_and_read(attempt_key, attempt_window, accepted_key)
        if attempts > attempts_allowed:
            self.refused_scope, self.refused = self.attempt_scope, (attempt_key, attempt_window)
            return False
        if accepted >= self.num_requests:
            self.refused_scope, self.refused = self.scope, (accepted_key, self.duration)
            return False
        return True

    def wait(self):
        return seconds_left(*self.refused)

    def accepted(self, request) -> None:
        """Count one accepted submission from ``request``'s address (a stored opinion, or the
        honeypot's answer, which must look the same)."""
        hit(self.get_cache_key(request, None), self.duration)


class OpinionTrackThrottle(PublicRateThrottle):
    scope = "opinion_track"


def seconds_to_wait(throttle, request) -> int | None:
    """Count this request against ``throttle`` (a throttle class or instance); return None when
    it may go on, else the whole number of seconds (at least 1) before the client may try
    again."""
    if isinstance(throttle, type):
        throttle = throttle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    return max(1, math.ceil(wait if wait is not None else throttle.duration))
