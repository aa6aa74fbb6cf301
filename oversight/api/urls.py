"""API routes of the residents' voice, registered on the project's router by
renovation/api_router.py. Each part adds its viewsets to ROUTES: (prefix, viewset, basename)."""

ROUTES = []
