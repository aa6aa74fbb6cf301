"""The oversight app's pages: the residents' voice (public pages, the staff's triage, tallies
and consultations, disclosure) and supervision and accountability (supervision records,
inspections, organisation, the fund). Each part keeps its own list."""

from . import (
    urls_consultations,
    urls_disclosure,
    urls_inspections,
    urls_public,
    urls_staff,
    urls_supervision,
)
from .funds import urls as funds_urls
from .organisation import urls as organisation_urls

app_name = "oversight"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_consultations.urlpatterns,
    *urls_disclosure.urlpatterns,
    *urls_supervision.urlpatterns,
    *urls_inspections.urlpatterns,
    *organisation_urls.urlpatterns,
    *funds_urls.urlpatterns,
]
