"""API routes of the missions app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
