"""URLs of the residents' voice: disclosure (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("public/compounds/", views.public_compound_list, name="public_compound_list"),
    path(
        "public/compounds/geojson/",
        views.public_compound_geojson,
        name="public_compound_geojson",
    ),
    path(
        "public/compounds/<int:pk>/",
        views.public_compound_detail,
        name="public_compound_detail",
    ),
    path("public/photos/<int:pk>/", views.public_photo, name="public_photo"),
]
