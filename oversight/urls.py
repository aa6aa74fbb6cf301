"""The residents' voice: public pages (the opinion form, tracking, surveys, disclosure) and the
staff's pages (triage, tallies, consultations). Each part keeps its own list."""

from . import urls_consultations, urls_disclosure, urls_public, urls_staff

app_name = "oversight"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_consultations.urlpatterns,
    *urls_disclosure.urlpatterns,
]
