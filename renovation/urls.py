from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from compounds import views as compound_views

from . import views

# The database or Redis unreachable: 503 with Retry-After instead of a 500 (common.errors).
handler500 = "common.errors.handler500"
# Not found is a 404 whatever the body (an unreadable multipart raised in Django's own).
handler404 = "common.errors.handler404"

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # The API before the pages mounted at "": a path is matched against the patterns in order.
    path("api/v1/", include("renovation.api_router")),
    path("compounds/", include("compounds.urls")),
    path("map/", compound_views.compound_map, name="compound_map"),
    path("progress/", include("progress.urls")),
    path("", include("oversight.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

# The benchmark's ceiling views (renovation/bench/, for `manage.py bench`): only with BENCH_VIEWS,
# and first, so that their figures hold no URL matching the pages would not need.
if getattr(settings, "BENCH_VIEWS", False):
    urlpatterns.insert(0, path("bench/", include("renovation.bench.urls")))
