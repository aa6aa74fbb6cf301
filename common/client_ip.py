"""The client's address, one rule for the login lock (django-axes) and the public rate limits
(DRF's throttles): REMOTE_ADDR with no proxy in front (PROXY_COUNT=0, DRF's NUM_PROXIES), else
the address the outermost of our PROXY_COUNT proxies appended to X-Forwarded-For, never one a
client wrote into the header itself."""

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str | None:
    return BaseThrottle().get_ident(request)
