"""Pages of the frameworks app."""

from django.urls import path  # noqa: F401

app_name = "frameworks"
urlpatterns: list = []
