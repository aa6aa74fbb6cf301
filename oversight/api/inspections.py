"""API of oversight: inspections. ROUTES are registered by oversight/api/urls.py."""

ROUTES = []
