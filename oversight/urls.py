"""The oversight app's pages: the residents' voice (public pages, the staff's triage, tallies
and consultations, disclosure) and supervision and accountability (supervision records,
inspections, organisation, the fund). Each part keeps its own list."""

from . import (
    urls_public,
    urls_staff,
)
from .consultations import urls as consultations_urls
from .disclosure import urls as disclosure_urls
from .funds import urls as funds_urls
from .inspections import urls as inspections_urls
from .organisation import urls as organisation_urls
from .supervision import urls as supervision_urls

app_name = "oversight"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *consultations_urls.urlpatterns,
    *disclosure_urls.urlpatterns,
    *supervision_urls.urlpatterns,
    *inspections_urls.urlpatterns,
    *organisation_urls.urlpatterns,
    *funds_urls.urlpatterns,
]
