"""URLs of the residents' voice: staff (joined in oversight/urls.py)."""

urlpatterns = []
