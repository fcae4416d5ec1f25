from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import missions.converters  # noqa: F401 - registers <code:...> before the apps' URLs load
from missions.generic.api import not_found
from planning import views
from planning.health import ReadinessView

handler404 = not_found

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("health/ready/", ReadinessView.as_view(), name="health-ready"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("missions/", include("missions.urls")),
    path("missions/", include("benchmarks.transition.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("benchmarks/", include("benchmarks.urls")),
    path("api/", include("missions.api.urls")),
    path("api/", include("frameworks.api.urls")),
    path("api/", include("benchmarks.api.urls")),
    path("api/", include("planning.api.urls")),
    # After the missions app's own pages, so its fixed paths under missions/ win over an acronym.
    path("missions/", views.MissionListView.as_view(), name="mission-list"),
    path("missions/<code:acronym>/", views.MissionWorkspaceView.as_view(), name="mission-workspace"),
    path("iap/", views.IAPOverviewView.as_view(), name="iap-overview"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
]
