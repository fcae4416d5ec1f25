"""Pages of the benchmarks app."""

from django.urls import include, path

from benchmarks import views

app_name = "benchmarks"
urlpatterns = [
    path("portfolio/", views.PortfolioView.as_view(), name="portfolio"),
    path("missions/<code:acronym>/dashboard/", views.MissionDashboardView.as_view(), name="mission-dashboard"),
    path("missions/<code:acronym>/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("missions/<code:acronym>/new/", views.BenchmarkCreateView.as_view(), name="benchmark-create"),
    path("missions/<code:acronym>/updates/", views.UpdateQueueView.as_view(), name="update-queue"),
    path("missions/<code:acronym>/excel/template/", views.ExcelTemplateView.as_view(), name="excel-template"),
    path("missions/<code:acronym>/excel/upload/", views.ExcelUploadView.as_view(), name="excel-upload"),
    path("excel/imports/<int:pk>/", views.ExcelImportDetailView.as_view(), name="excel-import"),
    path("<int:pk>/", views.BenchmarkDetailView.as_view(), name="benchmark-detail"),
    path("<int:pk>/edit/", views.BenchmarkEditView.as_view(), name="benchmark-edit"),
    path("<int:pk>/indicators/new/", views.IndicatorCreateView.as_view(), name="indicator-create"),
    path("indicators/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator-edit"),
    path("indicators/<int:pk>/update/", views.UpdateSubmitView.as_view(), name="update-submit"),
    path("missions/<code:acronym>/gaps/", views.CapacityGapListView.as_view(), name="capacity-gap-list"),
    path("missions/<code:acronym>/gaps/new/", views.CapacityGapCreateView.as_view(), name="capacity-gap-create"),
    path("gaps/<int:pk>/edit/", views.CapacityGapEditView.as_view(), name="capacity-gap-edit"),
    path("updates/<int:pk>/withdraw/", views.UpdateWithdrawView.as_view(), name="update-withdraw"),
    path("", include("benchmarks.reports.urls")),
    path("", include("benchmarks.compact.urls")),
]
