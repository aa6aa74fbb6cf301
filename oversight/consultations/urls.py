"""URLs of the residents' voice: consultations (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    # Households of a building.
    path(
        "residents/buildings/<int:building_pk>/households/",
        views.household_list,
        name="household_list",
    ),
    path(
        "residents/buildings/<int:building_pk>/households/new/",
        views.HouseholdCreate.as_view(),
        name="household_create",
    ),
    path(
        "residents/buildings/<int:building_pk>/households/slips/",
        views.household_slips,
        name="household_slips",
    ),
    path(
        "residents/households/<int:pk>/edit/",
        views.HouseholdUpdate.as_view(),
        name="household_update",
    ),
    # Elevator additions (加装电梯).
    path("residents/elevators/", views.elevator_list, name="elevator_list"),
    path("residents/elevators/<int:pk>/", views.elevator_detail, name="elevator_detail"),
    path(
        "residents/elevators/<int:pk>/stage/",
        views.ElevatorStageMove.as_view(),
        name="elevator_stage",
    ),
    path(
        "residents/elevators/<int:pk>/homes/<int:household_pk>/answer/",
        views.ElevatorConsentRecord.as_view(),
        name="elevator_consent",
    ),
    path(
        "residents/buildings/<int:building_pk>/elevator/new/",
        views.ElevatorCreate.as_view(),
        name="elevator_create",
    ),
    path(
        "residents/compounds/<int:compound_pk>/elevators/",
        views.compound_elevators,
        name="compound_elevators",
    ),
    # Surveys.
    path("residents/surveys/", views.survey_list, name="survey_list"),
    path(
        "residents/compounds/<int:compound_pk>/surveys/new/",
        views.SurveyCreate.as_view(),
        name="survey_create",
    ),
    path("residents/surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("residents/surveys/<int:pk>/record/", views.SurveyRecord.as_view(), name="survey_record"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
]
