from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/file/", views.import_file, name="import_file"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
]
