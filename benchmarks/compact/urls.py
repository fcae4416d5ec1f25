"""Pages of the compact, mounted in benchmarks.urls."""

from django.urls import path

from benchmarks.compact import views

urlpatterns = [
    path("missions/<code:acronym>/compact/", views.MissionCompactView.as_view(), name="compact"),
    path("missions/<code:acronym>/compact/new/", views.CompactCreateView.as_view(), name="compact-create"),
    path("compacts/<int:pk>/", views.CompactDetailView.as_view(), name="compact-detail"),
    path("compacts/<int:pk>/edit/", views.CompactEditView.as_view(), name="compact-edit"),
    path("compacts/<int:pk>/commitments/new/", views.CommitmentCreateView.as_view(), name="commitment-create"),
    path("commitments/<int:pk>/edit/", views.CommitmentEditView.as_view(), name="commitment-edit"),
    path("commitments/<int:pk>/status/", views.CommitmentStatusView.as_view(), name="commitment-status"),
    path("commitment-updates/<int:pk>/review/", views.CommitmentReviewView.as_view(), name="commitment-review"),
]
