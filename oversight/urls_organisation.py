"""URLs of oversight: organisation (joined in oversight/urls.py)."""

urlpatterns = []
