from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView, DefaultRouter

from compounds.api.views import (
    BuildingViewSet,
    CommunityViewSet,
    CompoundViewSet,
    RenovationPlanViewSet,
)


@method_decorator(login_not_required, name="dispatch")
class ApiRootView(APIRootView):
    """The API's index: like every endpoint, a 403 for anonymous clients, not a login page."""

    permission_classes = [IsAuthenticated]


class Router(DefaultRouter):
    APIRootView = ApiRootView


router = Router()
router.register("communities", CommunityViewSet, basename="community")
router.register("plans", RenovationPlanViewSet, basename="renovationplan")
router.register("compounds", CompoundViewSet, basename="compound")
router.register("buildings", BuildingViewSet, basename="building")

app_name = "api"
urlpatterns = router.urls
