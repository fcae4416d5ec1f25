"""API routes of the missions app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

from missions.api import views

router = DefaultRouter()
router.register("missions", views.MissionViewSet, basename="mission")
router.register("mandates", views.MandateViewSet, basename="mandate")
router.register("mandate-tasks", views.MandateTaskViewSet, basename="mandate-task")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("memberships", views.MembershipViewSet, basename="membership")
urlpatterns = router.urls
