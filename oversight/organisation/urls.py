"""URLs of oversight: organisation (joined in oversight/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    # The leading group and the task force (工作专班).
    path("organisation/task-forces/", views.taskforce_list, name="taskforce_list"),
    path("organisation/task-forces/new/", views.TaskForceCreate.as_view(), name="taskforce_create"),
    path("organisation/task-forces/<int:pk>/", views.taskforce_detail, name="taskforce_detail"),
    path(
        "organisation/task-forces/<int:pk>/edit/",
        views.TaskForceUpdate.as_view(),
        name="taskforce_update",
    ),
    path(
        "organisation/task-forces/<int:pk>/members/new/",
        views.TaskForceMemberCreate.as_view(),
        name="taskforce_member_create",
    ),
    path(
        "organisation/task-force-members/<int:pk>/edit/",
        views.TaskForceMemberUpdate.as_view(),
        name="taskforce_member_update",
    ),
    # Party organisations (临时党支部, 党员帮帮团).
    path("organisation/party/", views.partygroup_list, name="partygroup_list"),
    path("organisation/party/new/", views.PartyGroupCreate.as_view(), name="partygroup_create"),
    path("organisation/party/<int:pk>/", views.partygroup_detail, name="partygroup_detail"),
    path(
        "organisation/party/<int:pk>/edit/",
        views.PartyGroupUpdate.as_view(),
        name="partygroup_update",
    ),
    path(
        "organisation/party/<int:pk>/members/new/",
        views.PartyMemberCreate.as_view(),
        name="partymember_create",
    ),
    path(
        "organisation/party-members/<int:pk>/edit/",
        views.PartyMemberUpdate.as_view(),
        name="partymember_update",
    ),
    # The participation ledger of the hygiene campaign, with its figures and activities.
    path("organisation/participation/", views.participation, name="participation"),
    path(
        "organisation/participation/new/",
        views.ParticipantCreate.as_view(),
        name="participant_create",
    ),
    path(
        "organisation/participation/<int:pk>/edit/",
        views.ParticipantUpdate.as_view(),
        name="participant_update",
    ),
    path(
        "organisation/participation/activities/",
        views.campaignactivity_list,
        name="campaignactivity_list",
    ),
    path(
        "organisation/participation/activities/new/",
        views.CampaignActivityCreate.as_view(),
        name="campaignactivity_create",
    ),
    path(
        "organisation/participation/activities/<int:pk>/edit/",
        views.CampaignActivityUpdate.as_view(),
        name="campaignactivity_update",
    ),
]
