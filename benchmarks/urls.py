"""Pages of the benchmarks app."""

from django.urls import include, path

from benchmarks import views

app_name = "benchmarks"
urlpatterns = [
    path("portfolio/", views.PortfolioView.as_view(), name="portfolio"),
    path("missions/<str:acronym>/dashboard/", views.MissionDashboardView.as_view(), name="mission-dashboard"),
    path("missions/<str:acronym>/", views.BenchmarkListView.as_view(), name="benchmark-list"),
    path("missions/<str:acronym>/new/", views.BenchmarkCreateView.as_view(), name="benchmark-create"),
    path("missions/<str:acronym>/updates/", views.UpdateQueueView.as_view(), name="update-queue"),
    path("missions/<str:acronym>/excel/template/", views.ExcelTemplateView.as_view(), name="excel-template"),
    path("missions/<str:acronym>/excel/upload/", views.ExcelUploadView.as_view(), name="excel-upload"),
    path("excel/imports/<int:pk>/", views.ExcelImportDetailView.as_view(), name="excel-import"),
    path("<int:pk>/", views.BenchmarkDetailView.as_view(), name="benchmark-detail"),
    path("<int:pk>/edit/", views.BenchmarkEditView.as_view(), name="benchmark-edit"),
    path("<int:pk>/indicators/new/", views.IndicatorCreateView.as_view(), name="indicator-create"),
    path("indicators/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator-edit"),
    path("indicators/<int:pk>/update/", views.UpdateSubmitView.as_view(), name="update-submit"),
    path("", include("benchmarks.reports.urls")),
]
