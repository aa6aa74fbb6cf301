"""URLs of oversight: inspections (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_update, name="inspection_update"),
    path(
        "inspections/<int:pk>/requirements/new/",
        views.inspection_requirement_create,
        name="inspection_requirement_create",
    ),
    path("inspections/<int:pk>/answer/", views.inspection_answer, name="inspection_answer"),
]
