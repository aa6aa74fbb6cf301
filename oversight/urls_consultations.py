"""URLs of the residents' voice: consultations (joined in oversight/urls.py)."""

urlpatterns = []
