"""URLs of the residents' voice: disclosure (joined in oversight/urls.py)."""

urlpatterns = []
