"""The oversight app's API routes, each area's ROUTES joined, registered on the project's router
by renovation/api_router.py: (prefix, viewset, basename)."""

from .consultations import api as consultations
from .funds import api as funds
from .inspections import api as inspections
from .opinions import api as opinions
from .organisation import api as organisation
from .supervision import api as supervision

# Registered first on the router: the path residents' bursts of submissions take is then the
# first the resolver tries.
PUBLIC_ROUTES = [*opinions.PUBLIC_ROUTES]

ROUTES = [
    *opinions.ROUTES,
    *consultations.ROUTES,
    *supervision.ROUTES,
    *inspections.ROUTES,
    *organisation.ROUTES,
    *funds.ROUTES,
]
