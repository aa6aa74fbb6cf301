from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView, DefaultRouter

from compounds.api import (
    BuildingViewSet,
    CommunityViewSet,
    CompoundViewSet,
    RenovationPlanViewSet,
)
from oversight.api import PUBLIC_ROUTES as OVERSIGHT_PUBLIC_ROUTES
from oversight.api import ROUTES as OVERSIGHT_ROUTES
from progress.api import (
    CalendarDayViewSet,
    DailyLogViewSet,
    MilestoneViewSet,
    RectificationViewSet,
    WeeklyMeetingViewSet,
    WorkItemViewSet,
)


@method_decorator(login_not_required, name="dispatch")
class ApiRootView(APIRootView):
    """The API's index: like every endpoint, a 403 for anonymous clients, not a login page."""

    permission_classes = [IsAuthenticated]


class Router(DefaultRouter):
    APIRootView = ApiRootView


router = Router()
for prefix, viewset, basename in OVERSIGHT_PUBLIC_ROUTES:
    router.register(prefix, viewset, basename=basename)
router.register("communities", CommunityViewSet, basename="community")
router.register("plans", RenovationPlanViewSet, basename="renovationplan")
router.register("compounds", CompoundViewSet, basename="compound")
router.register("buildings", BuildingViewSet, basename="building")
router.register("work-items", WorkItemViewSet, basename="workitem")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("daily-logs", DailyLogViewSet, basename="dailylog")
router.register("meetings", WeeklyMeetingViewSet, basename="weeklymeeting")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("calendar-days", CalendarDayViewSet, basename="calendarday")
for prefix, viewset, basename in OVERSIGHT_ROUTES:
    router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = router.urls
