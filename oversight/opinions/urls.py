"""URLs of the residents' opinions: the public pages, then the staff's (joined in
oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("opinions/new/", views.opinion_new, name="opinion_new"),
    path("opinions/thanks/", views.opinion_thanks, name="opinion_thanks"),
    path("opinions/track/", views.opinion_track, name="opinion_track"),
    path("opinions/<int:pk>/slip/", views.opinion_slip, name="opinion_slip"),
    path("compounds/<int:pk>/poster/", views.compound_poster, name="compound_poster"),
    path("residents/opinions/", views.opinion_list, name="opinion_list"),
    path("residents/opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path(
        "residents/opinions/<int:pk>/triage/", views.OpinionTriage.as_view(), name="opinion_triage"
    ),
    path(
        "residents/opinions/<int:pk>/moderate/",
        views.OpinionModerate.as_view(),
        name="opinion_moderate",
    ),
    path("residents/opinions/<int:pk>/merge/", views.OpinionMerge.as_view(), name="opinion_merge"),
    path("residents/opinion-photos/<int:pk>/", views.opinion_photo, name="opinion_photo"),
    path(
        "residents/compounds/<int:compound_pk>/opinions/new/",
        views.OpinionRecord.as_view(),
        name="opinion_record",
    ),
    path(
        "residents/compounds/<int:compound_pk>/tally/",
        views.compound_tally,
        name="compound_tally",
    ),
]
