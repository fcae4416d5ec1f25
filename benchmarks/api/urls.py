"""API routes of the benchmarks app, mounted under /api/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
