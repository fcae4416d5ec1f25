"""Pages of the transition area, under /missions/."""

from django.urls import path

from benchmarks.transition import views

app_name = "transition"
urlpatterns = [
    path("<code:acronym>/transition/", views.TransitionView.as_view(), name="page"),
    path("<code:acronym>/transition/reviews/new/", views.MandateReviewCreateView.as_view(), name="review-create"),
    path("mandate-tasks/<int:pk>/handover/", views.HandoverEditView.as_view(), name="handover-edit"),
]
