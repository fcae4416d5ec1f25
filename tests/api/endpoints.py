"""Generic endpoint tests (after NetBox's APIViewTestCases): a subclass names an endpoint, how to
make one of its objects on a mission and what to send, and inherits list, detail, create, update
and delete, each for a user allowed to and a user who sees the object but may not act on it.

- invisible (another mission's object): 404, exactly as a missing one, on every route;
- visible but refused: 403 with a sentence, nothing changed;
- allowed: 2xx, and the row changed through the service (its history says why);
- the list costs `list_queries` queries, however many rows it holds.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from missions.access import sync_user_permissions
from missions.choices import EntityKind, Role
from tests.factories import (
    CountryTeamMemberFactory,
    DepartmentFactory,
    EntityFactory,
    MembershipFactory,
    MissionFactory,
)

WRITES = ("create", "update", "delete")
NOT_OFFERED = "not offered"

# Every request reads the user's mission permissions once (missions.access.rights_read_once).
RIGHTS_READ = 1


def for_write(write: str):
    """The test is about `write` (or, NOT_OFFERED, about the writes an endpoint does not take):
    it is collected only for endpoints it applies to (tests/api/conftest.py), never skipped."""

    def mark(test):
        test.endpoint_write = write
        return test

    return mark


def applies(endpoint_class, write: str) -> bool:
    if write == NOT_OFFERED:
        return bool(set(WRITES) - set(endpoint_class.offers))
    return write in endpoint_class.offers


def _entity_for(role, mission):
    if role in (Role.MISSION_PLANNER, Role.SRSG_OFFICE):
        return mission.entity
    if role == Role.HQ_PLANNER:
        return DepartmentFactory()
    return EntityFactory(kind=EntityKind.AFP)


def _ids(response) -> set[int]:
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


class EndpointTests:
    """Subclasses set `basename`, `model`, `list_queries` (besides the rights read) and `offers`, and define `make`,
    `create_payload` and `update_payload`."""

    basename: str  # the router's basename: "<basename>-list", "<basename>-detail"
    model: type
    list_queries: int
    offers: tuple[str, ...] = WRITES  # the writes the endpoint takes; the others answer 405
    allowed_role = Role.MISSION_PLANNER
    refused_role = Role.AGENCY_PLANNER  # sees the mission's shared objects, may not change them

    def make(self, mission):
        """One object of the endpoint's kind on `mission`, visible to both roles."""
        raise NotImplementedError

    def create_payload(self, mission) -> dict:
        raise NotImplementedError

    def update_payload(self, obj) -> dict:
        """A change to `obj`: every field sent (but the lock, `updated_at`) reads back as sent."""
        raise NotImplementedError

    # Fixtures -------------------------------------------------------------------------------------

    @pytest.fixture
    def home(self):
        mission = MissionFactory(acronym="UNMIL")
        CountryTeamMemberFactory(mission=mission, entity=EntityFactory(code="UNDP", kind=EntityKind.AFP))
        return mission

    @pytest.fixture
    def away(self):
        return MissionFactory(acronym="UNSMIL", country="LY")

    @pytest.fixture
    def client_as(self, home):
        """An API client signed in as a new user holding `role` on the home mission."""

        def sign_in(role):
            membership = MembershipFactory(role=role, entity=_entity_for(role, home), missions=[home])
            sync_user_permissions(membership.user)
            client = APIClient()
            client.force_authenticate(membership.user)
            return client

        return sign_in

    # Helpers --------------------------------------------------------------------------------------

    def url(self, obj=None) -> str:
        if obj is None:
            return reverse(f"{self.basename}-list")
        return reverse(f"{self.basename}-detail", args=[obj.pk])

    def assert_refused(self, response):
        assert response.status_code == 403, response.content
        assert str(response.json()["detail"]).strip()

    def assert_through_service(self, obj):
        """The services give every write its reason in the history; a plain save has none."""
        assert obj.history.latest().history_change_reason, f"{obj!r} was saved without a service"

    def changed_fields(self, obj) -> dict:
        return {name: value for name, value in self.update_payload(obj).items() if name != "updated_at"}

    # Reads ----------------------------------------------------------------------------------------

    def test_list_holds_only_visible_rows(self, home, away, client_as):
        mine, theirs = self.make(home), self.make(away)
        ids = _ids(client_as(self.refused_role).get(self.url()))
        assert mine.pk in ids and theirs.pk not in ids

    def test_list_query_count_is_fixed(self, home, client_as, django_assert_num_queries):
        client = client_as(self.allowed_role)
        for _round in range(2):
            for _n in range(3):
                self.make(home)
            with django_assert_num_queries(RIGHTS_READ + self.list_queries):
                assert client.get(self.url()).status_code == 200

    def test_detail(self, home, client_as):
        obj = self.make(home)
        response = client_as(self.refused_role).get(self.url(obj))
        assert response.status_code == 200 and response.json()["id"] == obj.pk

    def test_invisible_object_is_404_as_a_missing_one(self, away, client_as):
        obj = self.make(away)
        client = client_as(self.allowed_role)
        calls = [("get", {})]
        if "update" in self.offers:
            calls.append(("patch", self.update_payload(obj)))
        if "delete" in self.offers:
            calls.append(("delete", {}))
        missing = reverse(f"{self.basename}-detail", args=[obj.pk + 1000])
        for method, data in calls:
            invisible = getattr(client, method)(self.url(obj), data, format="json")
            absent = getattr(client, method)(missing, data, format="json")
            assert invisible.status_code == absent.status_code == 404, method
            assert invisible.json() == absent.json()
        assert self.model.objects.filter(pk=obj.pk).exists()

    @for_write(NOT_OFFERED)
    def test_writes_not_offered_answer_405(self, home, client_as):
        obj = self.make(home)
        client = client_as(self.allowed_role)
        calls = {
            "create": ("post", self.url()),
            "update": ("patch", self.url(obj)),
            "delete": ("delete", self.url(obj)),
        }
        for write in set(WRITES) - set(self.offers):
            method, url = calls[write]
            assert getattr(client, method)(url, {}, format="json").status_code == 405, write

    # Create ---------------------------------------------------------------------------------------

    @for_write("create")
    def test_create(self, home, client_as):
        response = client_as(self.allowed_role).post(self.url(), self.create_payload(home), format="json")
        assert response.status_code == 201, response.content
        self.assert_through_service(self.model.objects.get(pk=response.json()["id"]))

    @for_write("create")
    def test_create_refused(self, home, client_as):
        before = self.model.objects.count()
        self.assert_refused(client_as(self.refused_role).post(self.url(), self.create_payload(home), format="json"))
        assert self.model.objects.count() == before

    # Update ---------------------------------------------------------------------------------------

    @for_write("update")
    def test_update(self, home, client_as):
        obj = self.make(home)
        client = client_as(self.allowed_role)
        response = client.patch(self.url(obj), self.update_payload(obj), format="json")
        assert response.status_code == 200, response.content
        stored = client.get(self.url(obj)).json()
        assert {name: stored[name] for name in self.changed_fields(obj)} == self.changed_fields(obj)
        self.assert_through_service(self.model.objects.get(pk=obj.pk))

    @for_write("update")
    def test_update_refused(self, home, client_as):
        obj = self.make(home)
        client = client_as(self.refused_role)
        before = client.get(self.url(obj)).json()
        self.assert_refused(client.patch(self.url(obj), self.update_payload(obj), format="json"))
        assert client.get(self.url(obj)).json() == before

    # Delete ---------------------------------------------------------------------------------------

    @for_write("delete")
    def test_delete(self, home, client_as):
        obj = self.make(home)
        assert client_as(self.allowed_role).delete(self.url(obj)).status_code == 204
        assert not self.model.objects.filter(pk=obj.pk).exists()

    @for_write("delete")
    def test_delete_refused(self, home, client_as):
        obj = self.make(home)
        self.assert_refused(client_as(self.refused_role).delete(self.url(obj)))
        assert self.model.objects.filter(pk=obj.pk).exists()
