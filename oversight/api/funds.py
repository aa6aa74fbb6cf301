"""API of oversight: funds. ROUTES are registered by oversight/api/urls.py."""

ROUTES = []
