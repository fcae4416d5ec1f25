"""API routes of the frameworks app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

from frameworks.api import analysis

router = DefaultRouter()
router.register("assessments", analysis.AssessmentViewSet, basename="assessment")
router.register("mechanisms", analysis.MechanismViewSet, basename="mechanism")
router.register("meetings", analysis.MeetingViewSet, basename="meeting")
urlpatterns = router.urls
