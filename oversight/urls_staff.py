"""URLs of the residents' voice: staff (joined in oversight/urls.py)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("residents/opinions/", staff.opinion_list, name="opinion_list"),
    path("residents/opinions/<int:pk>/", staff.opinion_detail, name="opinion_detail"),
    path("residents/opinions/<int:pk>/triage/", staff.opinion_triage, name="opinion_triage"),
    path("residents/opinions/<int:pk>/moderate/", staff.opinion_moderate, name="opinion_moderate"),
    path("residents/opinions/<int:pk>/merge/", staff.opinion_merge, name="opinion_merge"),
    path("residents/opinion-photos/<int:pk>/", staff.opinion_photo, name="opinion_photo"),
    path(
        "residents/compounds/<int:compound_pk>/opinions/new/",
        staff.opinion_record,
        name="opinion_record",
    ),
    path(
        "residents/compounds/<int:compound_pk>/tally/",
        staff.compound_tally,
        name="compound_tally",
    ),
]
