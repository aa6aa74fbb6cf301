from django.urls import path

from . import views

app_name = "compounds"

urlpatterns = [
    path("", views.compound_list, name="compound_list"),
    path("new/", views.CompoundCreate.as_view(), name="compound_create"),
    path("<int:pk>/", views.compound_detail, name="compound_detail"),
    path("<int:pk>/edit/", views.CompoundUpdate.as_view(), name="compound_update"),
    path(
        "<int:compound_pk>/buildings/new/", views.BuildingCreate.as_view(), name="building_create"
    ),
    path("buildings/<int:pk>/edit/", views.BuildingUpdate.as_view(), name="building_update"),
]
