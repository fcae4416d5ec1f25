"""Pages of the frameworks app."""

from django.urls import path

from frameworks.views import assessments, mechanisms

app_name = "frameworks"
urlpatterns: list = [
    path("missions/<str:acronym>/assessments/", assessments.AssessmentListView.as_view(), name="assessment-list"),
    path(
        "missions/<str:acronym>/assessments/new/",
        assessments.AssessmentCreateView.as_view(),
        name="assessment-create",
    ),
    path("assessments/<int:pk>/", assessments.AssessmentDetailView.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/edit/", assessments.AssessmentEditView.as_view(), name="assessment-edit"),
    path("missions/<str:acronym>/mechanisms/", mechanisms.MechanismListView.as_view(), name="mechanism-list"),
    path(
        "missions/<str:acronym>/mechanisms/new/",
        mechanisms.MechanismCreateView.as_view(),
        name="mechanism-create",
    ),
    path("mechanisms/<int:pk>/", mechanisms.MechanismDetailView.as_view(), name="mechanism-detail"),
    path("mechanisms/<int:pk>/edit/", mechanisms.MechanismEditView.as_view(), name="mechanism-edit"),
    path(
        "mechanisms/<int:pk>/meetings/",
        mechanisms.MeetingRecordView.as_view(),
        name="mechanism-meeting-record",
    ),
]
