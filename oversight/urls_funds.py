"""URLs of oversight: funds (joined in oversight/urls.py)."""

urlpatterns = []
