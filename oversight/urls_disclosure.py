"""URLs of the residents' voice: disclosure (joined in oversight/urls.py)."""

from django.urls import path

from .views import disclosure

urlpatterns = [
    path("public/compounds/", disclosure.public_compound_list, name="public_compound_list"),
    path(
        "public/compounds/<int:pk>/",
        disclosure.public_compound_detail,
        name="public_compound_detail",
    ),
    path("public/photos/<int:pk>/", disclosure.public_photo, name="public_photo"),
]
