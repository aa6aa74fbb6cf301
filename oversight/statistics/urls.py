"""URLs of oversight: statistics (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/import/", views.return_import, name="return_import"),
]
