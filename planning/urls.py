from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import missions.converters  # noqa: F401 - registers <code:...> before the apps' URLs load
from missions import oidc, twofactor
from missions import views as missions_views
from missions.generic.api import not_found
from planning import languages, views
from planning.health import ReadinessView
from planning.search.views import SearchView

handler404 = not_found

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("health/ready/", ReadinessView.as_view(), name="health-ready"),
    # Sign-in: passwords (throttled by axes), a second factor, password reset, OpenID Connect.
    path("accounts/login/", missions_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", twofactor.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("accounts/two-factor/setup/", twofactor.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("accounts/password-reset/", missions_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("oidc/sign-in/", oidc.OIDCSignInView.as_view(), name="oidc-start"),
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc-callback"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/setlang/", languages.set_language, name="set_language"),
    path("missions/", include("missions.urls")),
    path("missions/", include("benchmarks.transition.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("benchmarks/", include("benchmarks.urls")),
    path("", include("frameworks.lessons.urls")),
    path("api/", include("missions.api.urls")),
    path("api/", include("frameworks.api.urls")),
    path("api/", include("benchmarks.api.urls")),
    path("api/", include("planning.api.urls")),
    # After the missions app's own pages, so its fixed paths under missions/ win over an acronym.
    path("missions/", views.MissionListView.as_view(), name="mission-list"),
    path("missions/<code:acronym>/", views.MissionWorkspaceView.as_view(), name="mission-workspace"),
    path("iap/", views.IAPOverviewView.as_view(), name="iap-overview"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("search/", SearchView.as_view(), name="search"),
]
