"""API routes of the residents' voice, registered on the project's router by
renovation/api_router.py. Each part adds its viewsets to ROUTES: (prefix, viewset, basename)."""

from ..funds import api as funds
from ..organisation import api as organisation
from . import inspections, supervision
from .consultations import (
    ElevatorConsentViewSet,
    ElevatorProjectViewSet,
    HouseholdViewSet,
    SurveyViewSet,
)
from .public import PublicOpinionViewSet
from .staff import OpinionTallyViewSet, OpinionViewSet

# Registered first on the router: the path residents' bursts of submissions take is then the
# first the resolver tries.
PUBLIC_ROUTES = [("public/opinions", PublicOpinionViewSet, "public-opinion")]

ROUTES = [
    ("opinions", OpinionViewSet, "opinion"),
    ("opinion-tallies", OpinionTallyViewSet, "opiniontally"),
    ("elevator-projects", ElevatorProjectViewSet, "elevatorproject"),
    ("elevator-consents", ElevatorConsentViewSet, "elevatorconsent"),
    ("households", HouseholdViewSet, "household"),
    ("surveys", SurveyViewSet, "survey"),
    *supervision.ROUTES,
    *inspections.ROUTES,
    *organisation.ROUTES,
    *funds.ROUTES,
]
