"""URLs of oversight: inspections (joined in oversight/urls.py)."""

urlpatterns = []
