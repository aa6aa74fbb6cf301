from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("compounds/<int:pk>/", views.compound_progress, name="compound_progress"),
    path("gantt/", views.programme_chart, name="programme_chart"),
    path(
        "compounds/<int:compound_pk>/work-items/new/",
        views.WorkItemCreate.as_view(),
        name="workitem_create",
    ),
    path("work-items/<int:pk>/edit/", views.WorkItemUpdate.as_view(), name="workitem_update"),
    path(
        "compounds/<int:compound_pk>/milestones/new/",
        views.MilestoneCreate.as_view(),
        name="milestone_create",
    ),
    path("milestones/<int:pk>/edit/", views.MilestoneUpdate.as_view(), name="milestone_update"),
    path("logs/", views.dailylog_list, name="dailylog_list"),
    path(
        "compounds/<int:compound_pk>/logs/new/",
        views.DailyLogCreate.as_view(),
        name="dailylog_create",
    ),
    path("logs/<int:pk>/", views.dailylog_detail, name="dailylog_detail"),
    path("logs/<int:pk>/edit/", views.DailyLogUpdate.as_view(), name="dailylog_update"),
    path("photos/<int:pk>/", views.dailylog_photo, name="dailylog_photo"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdate.as_view(), name="meeting_update"),
    path(
        "meetings/<int:meeting_pk>/problems/new/",
        views.RectificationCreate.as_view(),
        name="rectification_create",
    ),
    path("problems/", views.rectification_list, name="rectification_list"),
    path("problems/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path(
        "problems/<int:pk>/edit/", views.RectificationUpdate.as_view(), name="rectification_update"
    ),
    path(
        "problems/<int:pk>/verify/",
        views.RectificationVerify.as_view(),
        name="rectification_verify",
    ),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("notices/", views.notice_list, name="notice_list"),
]
