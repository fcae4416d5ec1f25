"""Routes of the progress reports, included into the `benchmarks` namespace."""

from django.urls import path

from benchmarks.reports import views

urlpatterns = [
    path("missions/<code:acronym>/reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/download/<str:format>/", views.ReportDownloadView.as_view(), name="report-download"),
]
