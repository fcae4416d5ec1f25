"""API routes of the frameworks app, mounted under /api/."""

from frameworks.api import analysis, frameworks
from missions.generic.api import Router

router = Router()
router.register("assessments", analysis.AssessmentViewSet, basename="assessment")
router.register("mechanisms", analysis.MechanismViewSet, basename="mechanism")
router.register("meetings", analysis.MeetingViewSet, basename="meeting")
router.register("frameworks", frameworks.FrameworkViewSet, basename="framework")
router.register("priorities", frameworks.PriorityViewSet, basename="priority")
router.register("results", frameworks.ResultViewSet, basename="result")
router.register("responsibilities", frameworks.ResponsibilityViewSet, basename="responsibility")
router.register("integration-areas", frameworks.IntegrationAreaViewSet, basename="integration-area")
router.register("funding-lines", frameworks.FundingLineViewSet, basename="funding-line")
router.register("comments", frameworks.CommentViewSet, basename="comment")
router.register("signatures", frameworks.SignatureViewSet, basename="signature")
urlpatterns = router.urls
