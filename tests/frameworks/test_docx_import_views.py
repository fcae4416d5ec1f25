"""Importing a framework from Word: the service (one transaction, the tree, the history reason,
refused while a version is in progress) and the page (upload, preview, corrections, confirm;
refusals that store nothing; who may)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.docx_import import ImportedPriority, ImportedResult
from frameworks.models import IntegratedStrategicFramework, Priority, Result
from missions.notices import reason_label
from tests.frameworks.docx_samples import joint_vision, make_docx, structured_isf
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PERIOD = {"period_start": "2025-01-01", "period_end": "2027-12-31"}


@pytest.fixture
def world():
    return make_world()


def import_url(world):
    return reverse("frameworks:framework-import", args=[world.mission.acronym])


def upload(client, world, data: bytes, name="framework.docx", **fields):
    file = SimpleUploadedFile(name, data, content_type=DOCX)
    return client.post(import_url(world), {"file": file, **PERIOD, **fields})


def preview_fields(html: str) -> dict:
    """What the preview would post back: its inputs and text areas as the browser sends them."""
    fields = {}
    for attrs in re.findall(r"<input ([^>]*)>", html):
        name = re.search(r'name="([^"]+)"', attrs)
        kind = re.search(r'type="([^"]+)"', attrs)
        if not name or (kind and kind.group(1) in ("file", "submit")):
            continue
        if kind and kind.group(1) == "checkbox" and "checked" not in attrs:
            continue
        value = re.search(r'value="([^"]*)"', attrs)
        fields[name.group(1)] = (
            unescape(value.group(1)) if value else ("on" if kind and kind.group(1) == "checkbox" else "")
        )
    for name, value in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        fields[name] = unescape(value)
    return fields


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def imported(*titles_and_results) -> list[ImportedPriority]:
    return [
        ImportedPriority(title=title, results=[ImportedResult(statement) for statement in results])
        for title, results in titles_and_results
    ]


# ---------- the service ----------


def test_the_service_creates_the_draft_with_its_priorities_and_results(world):
    framework = services.framework_import(
        mission=world.mission,
        actor=world.planner,
        label="Joint Vision",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
        vision="Peace consolidated.",
        priorities=[
            ImportedPriority(
                title="Rule of law",
                description="Police and courts.",
                results=[
                    ImportedResult("Police deploy", dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
                    ImportedResult("Courts sit"),
                ],
            ),
            ImportedPriority(title="Elections"),
        ],
    )
    assert (framework.status, framework.version, framework.label) == (FrameworkStatus.DRAFT, 1, "Joint Vision")
    assert framework.created_by == world.planner
    priorities = list(framework.priorities.order_by("order"))
    assert [(p.order, p.title, p.description) for p in priorities] == [
        (1, "Rule of law", "Police and courts."),
        (2, "Elections", ""),
    ]
    assert [(r.order, r.statement, r.timeline_end) for r in priorities[0].results.order_by("order")] == [
        (1, "Police deploy", dt.date(2026, 12, 31)),
        (2, "Courts sit", None),
    ]
    assert reason_label(framework.history.get().history_change_reason) == "Imported from Word"
    assert framework.history.get().history_user == world.planner
    assert reason_label(priorities[0].history.get().history_change_reason) == "Imported from Word"
    assert reason_label(priorities[0].results.first().history.get().history_change_reason) == "Imported from Word"


def test_the_service_is_refused_while_a_version_is_in_progress_and_stores_nothing(world):
    world.framework(status=FrameworkStatus.CONSULTATION)
    before = (IntegratedStrategicFramework.objects.count(), Priority.objects.count(), Result.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.framework_import(
            mission=world.mission,
            actor=world.planner,
            label="Joint Vision",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2027, 12, 31),
            priorities=imported(("Rule of law", ["Police deploy"])),
        )
    assert "Version 1 of the framework is still in consultation" in caught.value.messages[0]
    assert (IntegratedStrategicFramework.objects.count(), Priority.objects.count(), Result.objects.count()) == before


def test_the_service_refuses_an_invalid_part_naming_it_and_stores_nothing(world):
    with pytest.raises(ValidationError) as caught:
        services.framework_import(
            mission=world.mission,
            actor=world.planner,
            label="Joint Vision",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2027, 12, 31),
            priorities=[
                ImportedPriority("Rule of law", results=[ImportedResult("Police deploy")]),
                ImportedPriority("Elections", results=[ImportedResult("Held", dt.date(2030, 1, 1), None)]),
            ],
        )
    assert caught.value.messages == [
        "Result 2.1: Timeline start: Timeline start must fall inside the framework period (2025-01-01 to 2027-12-31)."
    ]
    assert not IntegratedStrategicFramework.objects.exists() and not Priority.objects.exists()


def test_the_service_refuses_a_title_longer_than_its_field_naming_the_limit(world):
    with pytest.raises(ValidationError) as caught:
        services.framework_import(
            mission=world.mission,
            actor=world.planner,
            label="Joint Vision",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2027, 12, 31),
            priorities=imported(("x" * 301, [])),
        )
    assert "Priority 1: Title: Ensure this value has at most 300 characters (it has 301)." in caught.value.messages
    assert not IntegratedStrategicFramework.objects.exists()


def test_the_service_asks_the_access_layer(world):
    with pytest.raises(PermissionDenied):
        services.framework_import(
            mission=world.mission,
            actor=world.undp_planner,
            label="Joint Vision",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2027, 12, 31),
            priorities=imported(("Rule of law", [])),
        )
    assert not IntegratedStrategicFramework.objects.exists()


# ---------- the page ----------


def test_upload_shows_the_preview_and_stores_nothing(client, world):
    client.force_login(world.planner)
    response = upload(client, world, structured_isf(), name="ISF 2025.docx")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check what was read" in html and "From “ISF 2025.docx”" in html
    assert "Read: 2 priorities, 4 results." in html
    fields = preview_fields(html)
    assert fields["label"] == "Integrated Strategic Framework 2025–2027"
    assert fields["vision"].startswith("Peace consolidated across all counties.")
    assert (fields["p1-title"], fields["p2-title"]) == ("Rule of law", "Elections")
    assert fields["p1-r1-statement"] == "The national police deploy in all counties"
    assert (fields["p1-r1-timeline_start"], fields["p1-r1-timeline_end"]) == ("2025-01-01", "2026-12-31")
    assert fields["shape"] == "2,2"
    # What was not read is said.
    assert "1 table, which was not read" in html
    assert "paragraphs outside the vision and the priorities were not imported" in html
    assert not IntegratedStrategicFramework.objects.exists()


def test_confirm_creates_the_draft_with_the_corrections_and_opens_the_editor(client, world):
    client.force_login(world.planner)
    fields = preview_fields(upload(client, world, joint_vision(), label="Joint Vision 2025").content.decode())
    assert fields["label"] == "Joint Vision 2025"  # the planner's label wins over the document's title
    fields["p2-title"] = "Youth employment"
    fields["p1-r2-leave_out"] = "on"
    response = client.post(import_url(world), fields)
    framework = IntegratedStrategicFramework.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "frameworks:framework-edit", args=[framework.pk]
    )
    assert (framework.label, framework.status, framework.vision) == (
        "Joint Vision 2025",
        FrameworkStatus.DRAFT,
        "A peaceful, stable Sierra Leone where the UN family works as one.",
    )
    priorities = list(framework.priorities.order_by("order"))
    assert [p.title for p in priorities] == ["Economic integration of rural areas", "Youth employment"]
    assert [r.statement for r in priorities[0].results.all()] == ["Feeder roads link farms to markets"]
    assert priorities[0].results.get().timeline_start == dt.date(2025, 1, 1)
    editor = client.get(response["Location"])
    assert "Version 1 is started from the Word document, with 2 priorities." in editor.content.decode()
    assert "Youth employment" in editor.content.decode()


def test_a_title_too_long_is_an_error_in_the_preview_naming_the_limit(client, world):
    client.force_login(world.planner)
    long_title = "Consolidating peace and " * 15
    html = upload(
        client, world, make_docx(("p", f"Priority 1: {long_title}"), ("p", "Result 1.1: Peace"))
    ).content.decode()
    assert "Ensure this value has at most 300 characters (it has 359)." in html
    assert 'href="#id_p1-title">Priority 1, title</a>' in html
    fields = preview_fields(html)
    assert fields["p1-title"] == long_title.strip()  # kept whole: the planner shortens it
    response = client.post(import_url(world), fields)
    assert response.status_code == 422 and not IntegratedStrategicFramework.objects.exists()
    fields["p1-title"] = "Consolidating peace"
    assert client.post(import_url(world), fields).status_code == 302
    assert IntegratedStrategicFramework.objects.get().priorities.get().title == "Consolidating peace"


def test_a_left_out_priority_is_not_checked_nor_imported(client, world):
    client.force_login(world.planner)
    html = upload(
        client, world, make_docx(("p", f"Priority 1: {'x' * 400}"), ("p", "Priority 2: Elections"))
    ).content.decode()
    fields = {**preview_fields(html), "p1-leave_out": "on"}
    assert client.post(import_url(world), fields).status_code == 302
    assert [p.title for p in IntegratedStrategicFramework.objects.get().priorities.all()] == ["Elections"]


def test_preview_errors_keep_the_planners_text(client, world):
    client.force_login(world.planner)
    fields = preview_fields(upload(client, world, joint_vision()).content.decode())
    fields.update({"p1-title": "", "p2-title": "Youth, as corrected", "p1-r1-timeline_end": "2030-01-01"})
    response = client.post(import_url(world), fields)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Enter the priority&#x27;s title, or leave the priority out." in html
    assert "The date must fall inside the framework period (2025-01-01 to 2027-12-31)." in html
    assert preview_fields(html)["p2-title"] == "Youth, as corrected"
    assert not IntegratedStrategicFramework.objects.exists()


def test_leaving_every_priority_out_is_refused(client, world):
    client.force_login(world.planner)
    fields = preview_fields(upload(client, world, joint_vision()).content.decode())
    fields.update({"p1-leave_out": "on", "p2-leave_out": "on"})
    response = client.post(import_url(world), fields)
    assert response.status_code == 422 and "Keep at least one priority to import." in response.content.decode()


def test_a_damaged_preview_is_refused(client, world):
    client.force_login(world.planner)
    fields = preview_fields(upload(client, world, joint_vision()).content.decode())
    for shape in ("", "x", "1," * 40 + "1", "999"):
        response = client.post(import_url(world), {**fields, "shape": shape})
        assert response.status_code == 422
        assert "upload the document again" in response.content.decode()
    assert not IntegratedStrategicFramework.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"%PDF-1.7", "report.pdf", "“report.pdf” is not a Word document (.docx)."),
        (b"%PDF-1.7", "report.docx", "The file is not a Word document (.docx)."),
        (make_docx(("p", "Minutes of the meeting.")), "minutes.docx", "No priorities were recognised in the document."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_at_its_field_and_stores_nothing(client, world, data, name, message):
    client.force_login(world.planner)
    response = upload(client, world, data, name=name)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_file">Word document (.docx)</a>' in html  # the summary names the field
    assert unescape(re.search(r'<p class="error" id="id_file_error">(.*?)</p>', html, re.S).group(1)).startswith(
        message
    )
    assert not IntegratedStrategicFramework.objects.exists()


def test_no_file_and_a_bad_period_are_refused_at_their_fields(client, world):
    client.force_login(world.planner)
    response = client.post(import_url(world), {"period_start": "2025-01-01", "period_end": "2024-01-01"})
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert "Choose the Word document (.docx) to import." in html
    assert "Period end must be after period start." in html


def test_a_file_above_the_limit_is_dropped_as_it_arrives_and_refused(client, world, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "DOCX_UPLOAD_MAX_BYTES": 10_000}
    client.force_login(world.planner)
    response = upload(client, world, structured_isf() + b"\0" * 20_000)
    assert response.status_code == 422
    assert "The file is larger than 9.8\xa0KB; upload at most 9.8\xa0KB." in unescape(response.content.decode())


def test_a_version_in_progress_is_said_on_the_page_and_refused_at_confirm(client, world):
    client.force_login(world.planner)
    fields = preview_fields(upload(client, world, joint_vision()).content.decode())
    world.framework(status=FrameworkStatus.DRAFT)
    assert "Version 1 of the framework is still draft" in client.get(import_url(world)).content.decode()
    response = client.post(import_url(world), fields)
    assert response.status_code == 422
    assert "Version 1 of the framework is still draft" in response.content.decode()
    assert IntegratedStrategicFramework.objects.count() == 1


@pytest.mark.parametrize(
    "user, status",
    [("planner", 200), ("hq", None), ("srsg", 403), ("undp_planner", 403), ("observer", 403), ("outsider", 404)],
)
def test_who_may_import(client, world, user, status):
    """As the access matrix says for `add` on a mission: planners may; the SRSG office, agencies and
    observers see the mission and are refused with a sentence; others do not see it."""
    user = getattr(world, user)
    client.force_login(user)
    from missions.access import allowed

    expected = status or (200 if allowed(user, "add", world.mission) else 403)
    assert client.get(import_url(world)).status_code == expected
    response = upload(client, world, joint_vision())
    assert response.status_code == expected
    if expected == 200:
        fields = preview_fields(response.content.decode())
        assert client.post(import_url(world), fields).status_code == 302
    else:
        assert (
            client.post(import_url(world), {"step": "confirm", "shape": "0", "p1-title": "x"}).status_code == expected
        )
        assert not IntegratedStrategicFramework.objects.exists()


def test_the_page_needs_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.planner)
    assert strict.post(import_url(world), {**PERIOD}).status_code == 403
    page = strict.get(import_url(world)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    file = SimpleUploadedFile("framework.docx", joint_vision(), content_type=DOCX)
    response = strict.post(import_url(world), {"csrfmiddlewaretoken": token, "file": file, **PERIOD})
    assert response.status_code == 200 and "Check what was read" in response.content.decode()


def test_the_workspace_links_to_the_import_for_those_who_may(client, world):
    workspace = reverse("mission-workspace", args=[world.mission.acronym])
    client.force_login(world.planner)
    assert import_url(world) in client.get(workspace).content.decode()
    client.force_login(world.undp_planner)
    assert import_url(world) not in client.get(workspace).content.decode()


def test_the_pages_speak_french(client, world):
    client.force_login(world.planner)
    html = unescape(client.get(import_url(world), HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert f"Importer un cadre pour {world.mission.acronym} depuis Word" in html
    file = SimpleUploadedFile("isf.docx", structured_isf(), content_type=DOCX)
    html = unescape(
        client.post(import_url(world), {"file": file, **PERIOD}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    assert "Vérifiez ce qui a été lu" in html and "Lu : 2 priorités, 4 résultats." in html
    assert "Le document contient 1 tableau, qui n'a pas été lu" in html
    assert "Écarter cette priorité" in html
