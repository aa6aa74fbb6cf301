"""URLs of oversight: supervision (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("supervision/", views.record_list, name="supervision_list"),
    path("supervision/new/", views.RecordCreate.as_view(), name="supervision_create"),
    path("supervision/<int:pk>/", views.record_detail, name="supervision_detail"),
    path("supervision/<int:pk>/edit/", views.RecordUpdate.as_view(), name="supervision_update"),
    path("supervision/photos/<int:pk>/", views.record_photo, name="supervision_photo"),
    path(
        "supervision/compounds/<int:compound_pk>/group/",
        views.GroupPage.as_view(),
        name="supervision_group",
    ),
    path(
        "supervision/group-members/<int:pk>/edit/",
        views.MemberUpdate.as_view(),
        name="supervision_member_update",
    ),
]
