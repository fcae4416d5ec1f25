"""API routes of the missions app, mounted under /api/."""

from missions.api import views
from missions.generic.api import Router

router = Router()
router.register("missions", views.MissionViewSet, basename="api-mission")
router.register("mandates", views.MandateViewSet, basename="api-mandate")
router.register("mandate-tasks", views.MandateTaskViewSet, basename="api-mandate-task")
router.register("country-team", views.CountryTeamViewSet, basename="api-country-team")
router.register("leadership-posts", views.LeadershipPostViewSet, basename="api-leadership-post")
router.register("phase-changes", views.PhaseChangeViewSet, basename="api-phase-change")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
urlpatterns = router.urls
