"""URLs of oversight: supervision (joined in oversight/urls.py)."""

urlpatterns = []
