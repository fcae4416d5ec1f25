"""API routes of the benchmarks app, mounted under /api/."""

from benchmarks.api import views
from benchmarks.compact import api as compact
from missions.generic.api import Router

router = Router()
router.register("benchmarks", views.BenchmarkViewSet, basename="benchmark")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("updates", views.ProgressUpdateViewSet, basename="update")
router.register("capacity-gaps", views.CapacityGapViewSet, basename="capacity-gap")
router.register("compacts", compact.CompactViewSet, basename="compact")
router.register("commitments", compact.CommitmentViewSet, basename="commitment")
router.register("commitment-updates", compact.CommitmentUpdateViewSet, basename="commitment-update")
router.register("dashboards", views.DashboardViewSet, basename="dashboard")
urlpatterns = router.urls
