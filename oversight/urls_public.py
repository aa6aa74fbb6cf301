"""URLs of the residents' voice: public (joined in oversight/urls.py)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("opinions/new/", public.opinion_new, name="opinion_new"),
    path("opinions/thanks/", public.opinion_thanks, name="opinion_thanks"),
    path("opinions/track/", public.opinion_track, name="opinion_track"),
    path("opinions/<int:pk>/slip/", public.opinion_slip, name="opinion_slip"),
    path("compounds/<int:pk>/poster/", public.compound_poster, name="compound_poster"),
]
