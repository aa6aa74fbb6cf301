"""URLs of the residents' data requests: the public pages, then the staff's (joined in
oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_start, name="privacy_start"),
    path("privacy/confirm/", views.privacy_confirm, name="privacy_confirm"),
    path("privacy/data/", views.privacy_data, name="privacy_data"),
    path("privacy/photos/<int:pk>/", views.privacy_photo, name="privacy_photo"),
    path("residents/privacy-requests/", views.privacy_request_list, name="privacy_request_list"),
    path(
        "residents/privacy-requests/<int:pk>/",
        views.privacy_request_detail,
        name="privacy_request_detail",
    ),
    path(
        "residents/privacy-requests/<int:pk>/carry-out/",
        views.PrivacyRequestCarryOut.as_view(),
        name="privacy_request_carry_out",
    ),
    path(
        "residents/privacy-requests/<int:pk>/refuse/",
        views.PrivacyRequestRefuse.as_view(),
        name="privacy_request_refuse",
    ),
]
