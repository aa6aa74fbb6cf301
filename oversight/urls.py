"""The oversight app's pages: the residents' voice (public pages, the staff's triage, tallies
and consultations, disclosure) and supervision and accountability (supervision records,
inspections, organisation, the fund). Each part keeps its own list."""

from . import (
    urls_consultations,
    urls_disclosure,
    urls_funds,
    urls_organisation,
    urls_public,
    urls_staff,
)
from .inspections import urls as inspections_urls
from .supervision import urls as supervision_urls

app_name = "oversight"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_consultations.urlpatterns,
    *urls_disclosure.urlpatterns,
    *supervision_urls.urlpatterns,
    *inspections_urls.urlpatterns,
    *urls_organisation.urlpatterns,
    *urls_funds.urlpatterns,
]
