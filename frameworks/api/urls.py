"""API routes of the frameworks app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
