"""Pages of lessons learned, under /lessons/ (and the record form under the mission)."""

from django.urls import path

from frameworks.lessons import views

app_name = "lessons"
urlpatterns: list = [
    path("lessons/", views.LessonListView.as_view(), name="lesson-list"),
    path("lessons/suggest/", views.LessonSuggestionsView.as_view(), name="lesson-suggest"),
    path("lessons/<int:pk>/", views.LessonDetailView.as_view(), name="lesson-detail"),
    path("missions/<code:acronym>/lessons/record/", views.LessonRecordView.as_view(), name="lesson-record"),
]
