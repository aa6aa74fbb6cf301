"""API of oversight: supervision. ROUTES are registered by oversight/api/urls.py."""

ROUTES = []
