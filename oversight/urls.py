"""The oversight app's pages: the residents' voice (public pages, the staff's triage, tallies
and consultations, disclosure) and supervision and accountability (supervision records,
inspections, organisation, the fund). Each part keeps its own list."""

from . import (
    urls_consultations,
    urls_disclosure,
    urls_funds,
    urls_inspections,
    urls_organisation,
    urls_supervision,
)
from .opinions import urls as opinions_urls

app_name = "oversight"

urlpatterns = [
    *opinions_urls.urlpatterns,
    *urls_consultations.urlpatterns,
    *urls_disclosure.urlpatterns,
    *urls_supervision.urlpatterns,
    *urls_inspections.urlpatterns,
    *urls_organisation.urlpatterns,
    *urls_funds.urlpatterns,
]
