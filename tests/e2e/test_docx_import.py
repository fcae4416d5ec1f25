"""Importing a framework from Word in a real browser: from the mission workspace, a file that is not
a .docx is refused at its field; a Joint Vision is read, one priority's title corrected in the
preview, and the draft opens in the editor with it. axe-core checks the upload and preview pages."""

import re

import pytest
from playwright.sync_api import expect

from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedStrategicFramework
from tests.e2e.screens import screenshot_dir
from tests.frameworks.docx_samples import joint_vision, make_docx
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
SCREENSHOTS = screenshot_dir()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_planner_imports_a_joint_vision_corrects_a_priority_and_lands_in_the_editor(page, login, axe):
    world = make_world()
    login(page, world.planner)
    page.goto(f"/missions/{world.mission.acronym}/")
    page.get_by_role("link", name="Import from Word").click()
    expect(page.get_by_role("heading", name=re.compile("Import a framework for .* from Word"))).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "docx-import-upload.png"), full_page=True)

    # Not a Word document: refused at its field, named in the summary.
    file = page.get_by_label("Word document (.docx)")
    file.set_input_files(files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Some notes"}])
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2027-12-31")
    page.get_by_role("button", name="Read the document").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Word document (.docx)")
    expect(summary).to_contain_text("“notes.txt” is not a Word document (.docx)")
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "docx-import-refused.png"), full_page=True)

    page.get_by_label("Word document (.docx)").set_input_files(
        files=[{"name": "Joint Vision.docx", "mimeType": DOCX, "buffer": joint_vision()}]
    )
    page.get_by_label("Label").fill("Joint Vision")
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_role("heading", name="Check what was read")).to_be_visible()
    expect(page.get_by_text("Read: 2 priorities, 3 results.")).to_be_visible()
    assert not IntegratedStrategicFramework.objects.exists()  # nothing stored before the confirmation

    first = page.get_by_role("region", name="Priority 1")
    expect(first.get_by_label("Title")).to_have_value("Economic integration of rural areas")
    expect(first.get_by_role("group", name="Result 1.1").get_by_label("Outcome statement")).to_have_value(
        "Feeder roads link farms to markets"
    )
    expect(first.get_by_role("group", name="Result 1.1").get_by_label("Timeline start")).to_have_value("2025-01-01")
    second = page.get_by_role("region", name="Priority 2")
    expect(second.get_by_label("Title")).to_have_value("Social and economic integration of youth")
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "docx-import-preview.png"), full_page=True)

    second.get_by_label("Title").fill("Youth employment and integration")
    page.get_by_role("button", name="Create the draft framework").click()
    expect(page.get_by_role("heading", name="Edit the framework")).to_be_visible()
    expect(page.get_by_text("Version 1 is started from the Word document, with 2 priorities.")).to_be_visible()
    expect(page.get_by_role("heading", name="Priority 2: Youth employment and integration")).to_be_visible()

    framework = IntegratedStrategicFramework.objects.get()
    assert (framework.label, framework.status) == ("Joint Vision", FrameworkStatus.DRAFT)
    assert [p.title for p in framework.priorities.order_by("order")] == [
        "Economic integration of rural areas",
        "Youth employment and integration",
    ]
    assert framework.priorities.get(order=1).results.count() == 2


def test_what_does_not_fit_and_what_was_not_read_are_said_in_the_preview(page, login, axe):
    world = make_world()
    login(page, world.planner)
    page.goto(f"/frameworks/missions/{world.mission.acronym}/frameworks/import/")
    long_title = "Rule of law and security sector reform across the counties " * 6
    document = make_docx(
        ("title", "Integrated Strategic Framework 2025–2027"),
        ("h1", "Introduction"),
        ("p", "This framework sets out what the mission and the country team do together."),
        ("h1", "Strategic priorities"),
        ("h2", long_title),
        ("number", "The national police deploy in all counties (2025–2026)"),
        ("h2", "Elections"),
        ("number", "Elections are held peacefully"),
        ("table", [["Priority", "Lead"], ["Rule of law", "UNDP"]]),
    )
    page.get_by_label("Word document (.docx)").set_input_files(
        files=[{"name": "ISF.docx", "mimeType": DOCX, "buffer": document}]
    )
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2027-12-31")
    page.get_by_role("button", name="Read the document").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Priority 1, title: Ensure this value has at most 300 characters (it has 353).")
    expect(page.get_by_text("The document has 1 table, which was not read")).to_be_visible()
    page.get_by_text("paragraphs outside the vision and the priorities were not imported").click()
    expect(page.get_by_text("This framework sets out what the mission")).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "docx-import-preview-errors.png"), full_page=True)

    summary.get_by_role("link", name="Priority 1, title").click()
    expect(page.get_by_role("region", name="Priority 1").get_by_label("Title")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Rule of law")
    page.get_by_role("button", name="Create the draft framework").click()
    expect(page.get_by_role("heading", name="Priority 1: Rule of law")).to_be_visible()
