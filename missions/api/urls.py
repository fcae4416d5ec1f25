"""API routes of the missions app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

from missions.api import views

router = DefaultRouter()
router.register("missions", views.MissionViewSet, basename="api-mission")
router.register("mandates", views.MandateViewSet, basename="api-mandate")
router.register("mandate-tasks", views.MandateTaskViewSet, basename="api-mandate-task")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
urlpatterns = router.urls
