"""API routes of the residents' voice, registered on the project's router by
renovation/api_router.py. Each part adds its viewsets to ROUTES: (prefix, viewset, basename)."""

from . import funds, inspections, organisation, supervision
from .consultations import (
    ElevatorConsentViewSet,
    ElevatorProjectViewSet,
    HouseholdViewSet,
    SurveyViewSet,
)
from .public import PublicOpinionViewSet
from .staff import OpinionTallyViewSet, OpinionViewSet

ROUTES = [
    ("opinions", OpinionViewSet, "opinion"),
    ("opinion-tallies", OpinionTallyViewSet, "opiniontally"),
    ("public/opinions", PublicOpinionViewSet, "public-opinion"),
    ("elevator-projects", ElevatorProjectViewSet, "elevatorproject"),
    ("elevator-consents", ElevatorConsentViewSet, "elevatorconsent"),
    ("households", HouseholdViewSet, "household"),
    ("surveys", SurveyViewSet, "survey"),
    *supervision.ROUTES,
    *inspections.ROUTES,
    *organisation.ROUTES,
    *funds.ROUTES,
]
