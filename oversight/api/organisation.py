"""API of oversight: organisation. ROUTES are registered by oversight/api/urls.py."""

ROUTES = []
