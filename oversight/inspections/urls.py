"""URLs of oversight: inspections (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.InspectionCreate.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.InspectionUpdate.as_view(), name="inspection_update"),
    path(
        "inspections/<int:pk>/requirements/new/",
        views.RequirementCreate.as_view(),
        name="inspection_requirement_create",
    ),
    path(
        "inspections/<int:pk>/answer/", views.InspectionAnswer.as_view(), name="inspection_answer"
    ),
]
