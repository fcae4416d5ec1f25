"""Notifications and history reasons are kept as message keys and parameters and read in the
reader's language (missions.notices)."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from frameworks.choices import FrameworkStatus
from missions import notices
from missions.choices import Role
from missions.models import Notification
from planning.l10n import format_date
from tests.factories import FrameworkFactory, MembershipFactory, MissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(django_capture_on_commit_callbacks):
    mission = MissionFactory(acronym="UNMISS")
    with django_capture_on_commit_callbacks(execute=True):
        membership = MembershipFactory(role=Role.MISSION_PLANNER, entity=mission.entity, missions=[mission])
    return membership.user


def test_a_notice_written_in_english_reads_in_french_for_a_french_reader(client, planner):
    with translation.override("en"):
        notices.notice(user=planner, key="framework.consultation", url="/", framework="UNMISS ISF 2026-2028 v2").save()
    client.force_login(planner)
    english = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "UNMISS ISF 2026-2028 v2 is open for consultation." in english
    french = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "UNMISS ISF 2026-2028 v2 est ouvert à la consultation." in french
    assert "is open for consultation" not in french


def test_a_date_in_a_notice_follows_the_readers_language(planner):
    notice = notices.notice(
        user=planner, key="framework.consultation_asked", framework="UNMISS ISF v2", date=dt.date(2026, 2, 9)
    )
    assert notice.params["date"] == "2026-02-09"  # data, not words
    with translation.override("en"):
        assert notice.text.endswith("are asked by 9 Feb 2026.")
    with translation.override("fr"):
        assert format_date(dt.date(2026, 2, 9)) in notice.text and "Feb" not in notice.text
        assert "févr" in format_date(dt.date(2026, 2, 9))


@override_settings(LANGUAGE_CODE="fr")
def test_the_mail_of_a_notice_is_in_the_recipients_language(planner, django_capture_on_commit_callbacks):
    from frameworks.tasks import notify_framework_status

    framework = FrameworkFactory(mission=planner.memberships.get().missions.get(), status=FrameworkStatus.SUBMITTED)
    with translation.override("en"):  # the worker's language is not the reader's
        assert notify_framework_status(framework.pk, "framework.endorsed") == 1
    (message,) = mail.outbox
    assert message.to == [planner.email]
    assert "est approuvé" in message.subject and "is endorsed" not in message.body
    notice = Notification.objects.get(user=planner)
    name = f"{framework.mission} {framework.label} v{framework.version}"
    assert (notice.kind, notice.params) == ("framework.endorsed", {"framework": name})


def test_language_for_is_the_preferences_choice_or_the_sites_language(db):
    from planning.languages import preferences_set_language

    user = UserFactory()
    assert notices.language_for(user) == "en"
    preferences_set_language(user=user, language="fr")
    user.refresh_from_db()
    assert notices.language_for(user) == "fr"


def test_an_unknown_key_or_a_missing_parameter_renders_a_neutral_line_and_logs(client, planner, caplog):
    Notification.objects.create(user=planner, kind="no.such.message", params={"x": 1})
    Notification.objects.create(user=planner, kind="framework.endorsed", params={})
    Notification.objects.create(user=planner, kind="framework.endorsed", params={"legacy": "Old words"})
    client.force_login(planner)
    with caplog.at_level(logging.WARNING, logger="missions.notices"):
        page = client.get(reverse("notifications"))
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("A notice that cannot be shown in full.") >= 2 and "Old words" in content
    assert "unknown key 'no.such.message'" in caplog.text and "framework.endorsed" in caplog.text


def test_a_key_the_registry_lacks_is_refused_where_it_is_written(planner):
    with pytest.raises(KeyError, match="no.such"):
        notices.notice(user=planner, key="no.such", framework="x")


def test_history_reasons_are_keys_rendered_in_the_readers_language():
    stored = notices.reason_text("priority.added")
    assert stored.startswith(notices.REASON_PREFIX)
    with translation.override("fr"):
        assert notices.reason_label(stored) == "Priorité ajoutée"
        assert notices.reason_label("A reason a planner typed") == "A reason a planner typed"
        assert notices.reason_label(notices.REASON_PREFIX + "{not json") == str(notices.NEUTRAL)


@pytest.fixture
def back_to_latest():
    """However the test ends, the database is left at the latest migrations for the next ones."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_sentences_into_keys_and_keeps_the_rest(back_to_latest):
    before = [("missions", "0008_merge_20261201_1849")]
    after = [("missions", "0009_notification_message_key")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    User = old_apps.get_model("auth", "User")
    OldNotification = old_apps.get_model("missions", "Notification")
    user = User.objects.create(username="legacy-reader")
    rows = {
        "comment": "Ann Lee (UNDP) commented on “Priority 1”: Agreed: the date works.",
        "asked": "UNMISS ISF v2 is open for consultation: your comments are asked by 9 Feb 2026.",
        "report": "The progress report of UNMISS for January 2026 to March 2026 is ready.",
        "owed": "You owe 3 progress updates (1 overdue).",
        "french": "UNMISS ISF v2 est ouvert à la consultation.",
        "other": "Something no message says",
    }
    ids = {name: OldNotification.objects.create(user=user, text=text).pk for name, text in rows.items()}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    found = {n.pk: n for n in Notification.objects.filter(user_id=user.pk)}
    comment = found[ids["comment"]]
    assert comment.kind == "comment.created"
    assert comment.params == {
        "author": "Ann Lee",
        "entity": "UNDP",
        "on": "Priority 1",
        "body": "Agreed: the date works.",
    }
    assert found[ids["asked"]].params == {"framework": "UNMISS ISF v2", "date": "2026-02-09"}
    assert found[ids["report"]].params == {"mission": "UNMISS", "start": "2026-01-01", "end": "2026-03-01"}
    assert found[ids["owed"]].params == {"count": 3, "overdue": 1}
    assert found[ids["french"]].kind == "framework.consultation"
    assert (found[ids["other"]].kind, found[ids["other"]].params) == ("legacy", {"legacy": rows["other"]})
    with translation.override("en"):
        for name, text in rows.items():
            if name != "french":
                # Months as the house style writes them now ("Jan 2026").
                assert found[ids[name]].text == text.replace("January", "Jan").replace("March", "Mar")
    with translation.override("fr"):
        assert found[ids["comment"]].text.startswith("Ann Lee (UNDP) a commenté « Priority 1 »")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_history_sentences_into_keys_and_keeps_a_persons_reason(back_to_latest):
    from missions.models import Mission

    mission = MissionFactory(acronym="UNMIL")
    history = Mission.history.filter(id=mission.pk)
    first = history.first()
    mission.name = "United Nations Mission in Liberia"
    mission._change_reason = "The council asked for it"
    mission.save()
    typed = history.first()
    executor = MigrationExecutor(connection)
    executor.migrate([("planning", "0003_search_indexes")])
    history.filter(history_id=first.history_id).update(history_change_reason="Mission créée")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("planning", "0004_history_reasons_as_keys")])
    converted = history.get(history_id=first.history_id).history_change_reason
    assert converted == notices.reason_text("mission.created")
    with translation.override("en"):
        assert notices.reason_label(converted) == "Mission created"
    assert history.get(history_id=typed.history_id).history_change_reason == "The council asked for it"


def test_a_history_entry_reads_in_the_readers_language(client, planner):
    from missions.audit import history_url

    mission = planner.memberships.get().missions.get()
    mission.name = "United Nations Mission in the Republic of South Sudan"
    mission._change_reason = notices.reason_text("mission.edited")
    with translation.override("en"):
        mission.save()
    client.force_login(planner)
    french = client.get(history_url(mission), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mission modifiée" in french and "Mission edited" not in french and "@msg" not in french
    english = client.get(history_url(mission), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mission edited" in english
