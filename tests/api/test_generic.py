"""The generic API layer itself: an offered write needs its service, and the exception handler
answers every refusal the same way for every viewset."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.test import APIRequestFactory

from missions.generic.api import Router, exception_handler
from missions.models import Mandate
from missions.stale import StaleEditError
from tests.access.urls_refusals import MandateWriteViewSet


def test_a_write_offered_without_its_service_fails_when_the_urls_load():
    class NoDestroy(MandateWriteViewSet):
        destroy_service = None

    router = Router()
    router.register("mandates", NoDestroy, basename="no-destroy")
    with pytest.raises(ImproperlyConfigured, match="DELETE but names no destroy_service"):
        router.urls  # noqa: B018 - building the URLs is the test

    class NotOffered(NoDestroy):
        http_method_names = ["get", "post", "patch", "head", "options"]

    router = Router()
    router.register("mandates", NotOffered, basename="not-offered")
    assert router.urls


class Row:
    updated_at = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (ValidationError({"title": "Say what it is."}), 400, {"title": ["Say what it is."]}),
        (
            ValidationError("Only a draft can be submitted."),
            400,
            {"non_field_errors": ["Only a draft can be submitted."]},
        ),
        (
            PermissionDenied("Your role does not allow you to change this mandate."),
            403,
            {"detail": "Your role does not allow you to change this mandate."},
        ),
        (Http404("No mandate found."), 404, {"detail": "No mandate found."}),
        (
            Mandate.DoesNotExist("Some of the mandates do not exist."),
            404,
            {"detail": "Some of the mandates do not exist."},
        ),
        (
            StaleEditError(current=Row(), changed={"title": ("Theirs", "Yours")}),
            409,
            {
                "detail": "Someone else saved this while you were editing.",
                "updated_at": "2025-01-02T03:04:05+00:00",
                "changed": {"title": {"theirs": "Theirs", "yours": "Yours"}},
            },
        ),
    ],
)
def test_every_refusal_has_one_answer(error, status, body):
    view = MandateWriteViewSet()
    view.request = APIRequestFactory().get("/")
    response = exception_handler(error, {"view": view, "request": view.request})
    assert response.status_code == status
    assert response.data == body


def test_an_unexpected_error_is_left_to_the_server():
    assert exception_handler(ValueError("a bug"), {}) is None
