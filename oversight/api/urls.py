"""API routes of the residents' voice, registered on the project's router by
renovation/api_router.py. Each part adds its viewsets to ROUTES: (prefix, viewset, basename)."""

from ..opinions import api as opinions_api
from . import funds, inspections, organisation, supervision
from .consultations import (
    ElevatorConsentViewSet,
    ElevatorProjectViewSet,
    HouseholdViewSet,
    SurveyViewSet,
)

# Registered first on the router: the path residents' bursts of submissions take is then the
# first the resolver tries.
PUBLIC_ROUTES = [*opinions_api.PUBLIC_ROUTES]

ROUTES = [
    *opinions_api.ROUTES,
    ("elevator-projects", ElevatorProjectViewSet, "elevatorproject"),
    ("elevator-consents", ElevatorConsentViewSet, "elevatorconsent"),
    ("households", HouseholdViewSet, "household"),
    ("surveys", SurveyViewSet, "survey"),
    *supervision.ROUTES,
    *inspections.ROUTES,
    *organisation.ROUTES,
    *funds.ROUTES,
]
