"""Pages of the missions app."""

from django.urls import path  # noqa: F401

app_name = "missions"
urlpatterns: list = []
