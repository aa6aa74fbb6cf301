from django.urls import path

from . import views

app_name = "compounds"

urlpatterns = [
    path("", views.compound_list, name="compound_list"),
    path("new/", views.compound_create, name="compound_create"),
    path("<int:pk>/", views.compound_detail, name="compound_detail"),
    path("<int:pk>/edit/", views.compound_update, name="compound_update"),
    path("<int:compound_pk>/buildings/new/", views.building_create, name="building_create"),
    path("buildings/<int:pk>/edit/", views.building_update, name="building_update"),
]
