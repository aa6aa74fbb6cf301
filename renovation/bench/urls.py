"""The benchmark's ceiling views, included by renovation/urls.py only when BENCH_VIEWS is on."""

from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("constant/", views.constant, name="constant"),
    path("insert/", views.insert, name="insert"),
]
