"""The oversight app's pages, each area's list joined in one namespace (``oversight:``): the
residents' opinions (the public form and the staff's register), the residents' requests
about their data, consultations, disclosure,
supervision, inspections, the organisation, the special fund and the statistics return. The
API's routes are in oversight/api.py."""

from .consultations import urls as consultations_urls
from .disclosure import urls as disclosure_urls
from .funds import urls as funds_urls
from .imports import urls as imports_urls
from .inspections import urls as inspections_urls
from .opinions import urls as opinions_urls
from .organisation import urls as organisation_urls
from .privacy import urls as privacy_urls
from .statistics import urls as statistics_urls
from .supervision import urls as supervision_urls

app_name = "oversight"

urlpatterns = [
    *opinions_urls.urlpatterns,
    *privacy_urls.urlpatterns,
    *consultations_urls.urlpatterns,
    *disclosure_urls.urlpatterns,
    *supervision_urls.urlpatterns,
    *inspections_urls.urlpatterns,
    *organisation_urls.urlpatterns,
    *funds_urls.urlpatterns,
    *statistics_urls.urlpatterns,
    *imports_urls.urlpatterns,
]
