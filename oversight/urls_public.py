"""URLs of the residents' voice: public (joined in oversight/urls.py)."""

urlpatterns = []
