"""API routes of the residents' voice, registered on the project's router by
renovation/api_router.py. Each part adds its viewsets to ROUTES: (prefix, viewset, basename)."""

from oversight.consultations import api as consultations_api

from ..funds import api as funds
from ..inspections import api as inspections
from ..organisation import api as organisation
from ..supervision import api as supervision
from .public import PublicOpinionViewSet
from .staff import OpinionTallyViewSet, OpinionViewSet

# Registered first on the router: the path residents' bursts of submissions take is then the
# first the resolver tries.
PUBLIC_ROUTES = [("public/opinions", PublicOpinionViewSet, "public-opinion")]

ROUTES = [
    ("opinions", OpinionViewSet, "opinion"),
    ("opinion-tallies", OpinionTallyViewSet, "opiniontally"),
    *consultations_api.ROUTES,
    *supervision.ROUTES,
    *inspections.ROUTES,
    *organisation.ROUTES,
    *funds.ROUTES,
]
