"""The ISF workflow in a real browser: a planner starts the next version of an endorsed framework
from the mission workspace in one click and lands in its editor, then sends it to consultation
through the confirmation page (who will be asked, the comment deadline). axe-core checks the
create page, the confirmation and the framework page with its next step."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frameworks.choices import FrameworkStatus, ResponsibilityRole
from frameworks.models import IntegratedStrategicFramework
from missions.models import Notification
from tests.e2e.screens import screenshot_dir
from tests.e2e.worlds import endorsed_world as named_endorsed_world
from tests.factories import CommentFactory, FundingLineFactory, IntegrationAreaFactory, ResponsibilityFactory
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]
SCREENSHOTS = screenshot_dir()


def endorsed_world():
    """Version 1 also has a contributor, an integration area and funding, to see them copied."""
    world, source = named_endorsed_world(vision="Peace consolidated across the country.")
    first = source.priorities.order_by("order").first()
    ResponsibilityFactory(
        result=first.results.order_by("order").first(), entity=world.unicef, role=ResponsibilityRole.CONTRIBUTING
    )
    IntegrationAreaFactory(framework=source, area="ddr", depth="integrated", rationale="One structure")
    FundingLineFactory(priority=first, source="pbf")
    return world, source


def test_planner_starts_the_next_version_from_the_workspace_and_sends_it_to_consultation(page, login, axe):
    world, source = endorsed_world()
    login(page, world.planner)

    # The create page offers the copy as its one action (looked at, then left for the workspace).
    page.goto(f"/frameworks/missions/{world.mission.acronym}/frameworks/new/")
    expect(page.get_by_role("heading", name="Start version 2 from version 1")).to_be_visible()
    assert page.locator("details").get_attribute("open") is None  # the blank start is folded away
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "isf-create.png"), full_page=True)

    page.goto(f"/missions/{world.mission.acronym}/")
    page.locator("#framework").screenshot(path=str(SCREENSHOTS / "isf-workspace.png"))
    page.locator("#framework").get_by_role("button", name="Start version 2 from version 1").click()
    page.wait_for_url(re.compile(r"/frameworks/\d+/edit/$"))
    copy = IntegratedStrategicFramework.objects.get(parent=source)
    assert page.url.endswith(f"/frameworks/{copy.pk}/edit/")
    expect(page.get_by_text("Version 2 is started from version 1.")).to_be_visible()
    assert (copy.version, copy.status, copy.priorities.count()) == (2, FrameworkStatus.DRAFT, 2)
    assert copy.integration_areas.count() == 1

    # Back in the workspace, the version in progress is where the main button leads.
    page.goto(f"/missions/{world.mission.acronym}/")
    expect(page.locator("#framework").get_by_role("link", name="Continue version 2 (Draft)")).to_be_visible()
    assert axe(page) == []
    page.locator("#framework").screenshot(path=str(SCREENSHOTS / "isf-workspace-in-progress.png"))

    page.goto(f"/frameworks/{copy.pk}/")
    next_step = page.locator("section", has=page.get_by_role("heading", name="Next step"))
    expect(next_step).to_contain_text("The mission planning unit completes the draft")
    page.screenshot(path=str(SCREENSHOTS / "isf-next-step-draft.png"), full_page=False)
    next_step.get_by_role("link", name="Send to consultation").click()

    expect(page.get_by_role("heading", name="Send version 2 to consultation")).to_be_visible()
    asked = page.get_by_role("table", name="Entities asked to comment and the people notified")
    expect(asked.get_by_role("row", name=re.compile(world.undp.code))).to_contain_text("Jonas Berg")
    expect(asked.get_by_role("row", name=re.compile(world.unicef.code))).to_contain_text("Grace Mensah")
    expect(asked).not_to_contain_text(world.mission.entity.code)
    deadline = page.get_by_label("Comments due by")
    default = timezone.localdate() + dt.timedelta(days=14)
    expect(deadline).to_have_value(default.isoformat())
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "isf-consultation.png"), full_page=True)

    # A past date is refused at the field, and nothing is sent.
    deadline.fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Send to consultation").click()
    expect(page.get_by_text("is in the past: choose today or a later date.")).to_be_visible()
    expect(page.get_by_label("Comments due by")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []
    copy.refresh_from_db()
    assert copy.status == FrameworkStatus.DRAFT

    chosen = timezone.localdate() + dt.timedelta(days=21)
    page.get_by_label("Comments due by").fill(chosen.isoformat())
    page.get_by_role("button", name="Send to consultation").click()
    expect(page.get_by_text("The framework is now open for consultation.")).to_be_visible()
    copy.refresh_from_db()
    assert (copy.status, copy.consultation_deadline) == (FrameworkStatus.CONSULTATION, chosen)
    expect(page.locator("dl.facts")).to_contain_text("Comments due by")
    expect(next_step).to_contain_text("Country-team entities comment until")
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "isf-next-step-consultation.png"), full_page=False)
    assert Notification.objects.filter(user=world.undp_planner, kind="framework.consultation_asked").exists()
    assert Notification.objects.filter(user=world.unicef_planner, kind="framework.consultation_asked").exists()


def test_submission_lists_what_is_open_and_the_srsg_office_endorses_with_threads_open(page, new_page, login, axe):
    world = make_world()
    framework = world.framework(status=FrameworkStatus.CONSULTATION, results=2, label="Joint Vision")
    priority = framework.priorities.get()
    second = priority.results.order_by("order").last()
    second.timeline_end = None
    second.save()
    CommentFactory(
        framework=framework, priority=priority, author=world.undp_planner, author_entity=world.undp, body="Add youth."
    )
    login(page, world.planner)
    page.goto(f"/frameworks/{framework.pk}/")
    page.get_by_role("link", name="Submit for endorsement").click()
    expect(page.get_by_role("heading", name="Submit version 1 for endorsement")).to_be_visible()
    expect(page.get_by_text("1 result has no complete timeline (start and end).")).to_be_visible()
    expect(page.get_by_text("1 comment thread is still open.")).to_be_visible()
    expect(page.get_by_role("link", name="Add youth.")).to_be_visible()
    assert axe(page) == []
    page.screenshot(path=str(SCREENSHOTS / "isf-submit.png"), full_page=True)
    page.get_by_role("button", name="Submit for endorsement").click()
    expect(page.get_by_text("The framework is submitted for endorsement.")).to_be_visible()

    srsg = new_page()
    login(srsg, world.srsg)
    srsg.goto(f"/frameworks/{framework.pk}/")
    form = srsg.locator("form", has=srsg.get_by_role("group", name=f"Decide for {world.mission.entity.code}"))
    form.get_by_label("Signed").check()
    form.get_by_role("button", name=f"Record decision for {world.mission.entity.code}").click()
    expect(srsg.get_by_text("1 comment thread is still open: confirm that you endorse with it open")).to_be_visible()
    form = srsg.locator("form", has=srsg.get_by_role("group", name=f"Decide for {world.mission.entity.code}"))
    form.get_by_label("Signed").check()
    form.get_by_label("I endorse with 1 thread still open").check()
    form.get_by_label("Note on the open threads (optional), or the reason for an objection").fill(
        "Youth is for the mid-term review."
    )
    assert axe(srsg) == []
    srsg.screenshot(path=str(SCREENSHOTS / "isf-endorse.png"), full_page=True)
    form.get_by_role("button", name=f"Record decision for {world.mission.entity.code}").click()
    expect(srsg.get_by_text("Your decision is recorded.")).to_be_visible()
    expect(srsg.get_by_role("table", name="Signatures of this version")).to_contain_text("with 1 thread open")
    signature = framework.signatures.get()
    assert (signature.open_threads, signature.reason) == (1, "Youth is for the mid-term review.")
