"""The update loop: submit, see what was submitted and what is owed next, withdraw before review,
correct a returned update beside its reason, review with a count, and reminders to whoever must act."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from benchmarks.choices import UpdateState
from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.services import update_return, update_submit, update_withdraw
from benchmarks.tasks import send_overdue_reminders
from missions.models import Notification
from missions.notices import reason_label
from tests.benchmarks.conftest import TODAY
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db(transaction=True)
Q1, Q2 = dt.date(2025, 1, 1), dt.date(2025, 4, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def submit(world, **kwargs):
    values = {
        "indicator": world.indicator,
        "actor": world.agency_planner,
        "period_start": Q2,
        "value": Decimal("6"),
        "status": "on_track",
        "narrative": "Police deployed in six counties.",
        "today": TODAY,
    }
    values.update(kwargs)
    return update_submit(**values)


def page(world):
    return reverse("benchmarks:update-submit", args=[world.indicator.pk])


def form_data(**kwargs):
    data = {"period_start": Q2.isoformat(), "value": "6", "status": "on_track", "narrative": "Six counties."}
    data.update(kwargs)
    return data


def test_after_a_submit_the_page_shows_the_update_and_the_next_one_owed_not_a_form(world, client):
    nxt = IndicatorFactory(benchmark=world.benchmark, name="Courts open", responsible_entity=world.agency)
    client.force_login(world.agency_planner)
    response = client.post(page(world), form_data())
    update = ProgressUpdate.objects.get(indicator=world.indicator)
    assert response.status_code == 302
    assert response["Location"] == f"{page(world)}?submitted={update.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Update submitted to the mission planning unit." in html
    assert "Your update for" in html and "Six counties." in html
    assert 'name="value"' not in html and 'name="narrative"' not in html  # no filled form
    assert reverse("benchmarks:update-submit", args=[nxt.pk]) in html and "Report on Courts open" in html
    assert reverse("benchmarks:update-withdraw", args=[update.pk]) in html


def test_nothing_else_owed_says_so_and_leads_home(world, client):
    client.force_login(world.agency_planner)
    response = client.post(page(world), form_data(), follow=True)
    html = response.content.decode()
    assert "Nothing else is due from you." in html


def test_the_status_starts_empty_and_is_required_naming_the_field(world, client):
    client.force_login(world.agency_planner)
    html = client.get(page(world)).content.decode()
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value="" selected>', select)
    response = client.post(page(world), form_data(status=""))
    assert response.status_code == 422
    assert (
        'href="#id_status">Status</a>: Choose the status of the indicator in this period.' in response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()


def test_a_period_waiting_for_review_is_not_offered_and_is_not_overwritten(world, client):
    waiting = submit(world, value=Decimal("6"))
    client.force_login(world.agency_planner)
    html = client.get(page(world)).content.decode()
    options = re.search(r'<select name="period_start"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert Q2.isoformat() not in options and Q1.isoformat() in options
    assert "waits for review" in html
    # The page's service call refuses to overwrite it (two tabs, or a hand-made request).
    with pytest.raises(ValidationError, match="withdraw it to change it"):
        submit(world, value=Decimal("9"), replace_submitted=False)
    response = client.post(page(world), form_data(value="9"))
    assert response.status_code == 422 and "Period" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.value == Decimal("6") and ProgressUpdate.objects.count() == 1


def test_withdraw_before_review_returns_it_to_draft_out_of_the_queue_with_history(world, client):
    update = submit(world)
    client.force_login(world.agency_planner)
    response = client.post(reverse("benchmarks:update-withdraw", args=[update.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"?period={Q2.isoformat()}")
    update.refresh_from_db()
    assert update.state == UpdateState.DRAFT
    record = Indicator.history.filter(id=world.indicator.pk).latest("history_date")
    assert (
        "withdrawn before review" in reason_label(record.history_change_reason)
        and record.history_user == world.agency_planner
    )
    client.force_login(world.mission_planner)
    queue = client.get(reverse("benchmarks:update-queue", args=["UNMIL"])).content.decode()
    assert "No update is waiting for review." in queue
    # The draft fills the form again, to correct it; the period is offered again.
    client.force_login(world.agency_planner)
    html = client.get(page(world) + f"?period={Q2.isoformat()}").content.decode()
    assert "Correct the update for" in html and "Police deployed in six counties." in html


def test_withdraw_is_for_the_submitting_entity_while_submitted(world, client):
    update = submit(world)
    with pytest.raises(PermissionDenied):
        update_withdraw(update=update, actor=world.mission_planner)  # sees it, reports for another entity
    client.force_login(world.other_agency_planner)
    assert client.post(reverse("benchmarks:update-withdraw", args=[update.pk])).status_code == 404
    client.force_login(world.mission_planner)
    assert client.post(reverse("benchmarks:update-withdraw", args=[update.pk])).status_code == 403
    update_return(update=update, actor=world.mission_planner, reason="Wrong value.")
    with pytest.raises(ValidationError, match="Only an update waiting for review"):
        update_withdraw(update=update, actor=world.agency_planner)
    assert ProgressUpdate.objects.get().state == UpdateState.RETURNED


def test_a_returned_update_shows_its_reason_beside_the_resubmission_form(world, client):
    update = submit(world)
    update_return(update=update, actor=world.mission_planner, reason="Evidence link is missing.")
    client.force_login(world.agency_planner)
    html = client.get(page(world)).content.decode()
    form_at, reason_at = html.index('<form method="post" class="form"'), html.index("Evidence link is missing.")
    assert form_at < reason_at < html.index("</section>", form_at)
    assert f'<div class="alert warning" id="returned-{update.pk}">' in html and "Correct the update for" in html
    assert re.search(r'name="value"[^>]*value="6.00"', html)  # filled with what was returned
    # Correcting it under another period is refused, naming the period; nothing changes.
    response = client.post(page(world), form_data(period_start=Q1.isoformat(), correcting=str(update.pk)))
    assert response.status_code == 422
    assert "This form corrects the update for the period starting 2025-04-01" in response.content.decode()
    assert ProgressUpdate.objects.count() == 1
    response = client.post(page(world), form_data(value="7", correcting=str(update.pk)))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED and update.value == Decimal("7") and update.return_reason == ""


def test_the_queue_counts_and_names_entity_and_submitter_apart(world, client):
    world.agency_planner.first_name, world.agency_planner.last_name = "Joseph", "Kollie"
    world.agency_planner.save()
    submit(world)
    submit(world, period_start=Q1)
    client.force_login(world.mission_planner)
    html = client.get(reverse("benchmarks:update-queue", args=["UNMIL"])).content.decode()
    assert '<p class="muted queue-count">2 updates waiting for review</p>' in html
    assert re.search(r"<td><abbr title=\"[^\"]*\">UNDP</abbr></td>", html)
    assert "<td>Joseph Kollie<br>" in html
    assert "None" not in re.sub(r"<[^>]+>", " ", html)


@override_settings(
    WORKBENCH={**__import__("django.conf").conf.settings.WORKBENCH, "SITE_URL": "https://wb.example.org"}
)
def test_reminders_go_to_whoever_must_act_with_absolute_links_once_a_day(world):
    own = IndicatorFactory(benchmark=world.benchmark, name="Mission patrols", responsible_entity=world.mission.entity)
    other = IndicatorFactory(benchmark=world.benchmark, name="Schools", responsible_entity=world.other_agency)
    submit(world, indicator=other, actor=world.other_agency_planner)  # waits for review
    assert send_overdue_reminders() == 2  # the agency owes, the mission planner owes and reviews
    agency = Notification.objects.get(user=world.agency_planner)
    assert agency.text == "You owe 1 progress updates (1 overdue)." and agency.url == reverse("home")
    planner = {notice.text for notice in Notification.objects.filter(user=world.mission_planner)}
    assert planner == {
        "You owe 1 progress updates (1 overdue).",
        "1 progress updates wait for your review on UNMIL.",
    }
    assert not Notification.objects.filter(user__in=[world.other_agency_planner, world.srsg, world.hq]).exists()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    agency_mail = bodies[world.agency_planner.email]
    assert f"https://wb.example.org{reverse('benchmarks:update-submit', args=[world.indicator.pk])}" in agency_mail
    assert "https://wb.example.org/" in agency_mail
    planner_mails = [m.body for m in mail.outbox if m.to == [world.mission_planner.email]]
    assert any(
        f"https://wb.example.org{reverse('benchmarks:update-submit', args=[own.pk])}" in b for b in planner_mails
    )
    assert any("https://wb.example.org/benchmarks/missions/UNMIL/updates/" in b for b in planner_mails)
    sent = len(mail.outbox)
    assert send_overdue_reminders() == 0 and len(mail.outbox) == sent


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_submit_page_costs_the_same_with_one_or_many_updates_waiting(world, client):
    client.force_login(world.agency_planner)
    submit(world, period_start=Q2)
    one = _queries(client, page(world))
    for start in (dt.date(2025, 1, 1), dt.date(2024, 10, 1), dt.date(2024, 7, 1)):
        submit(world, period_start=start)
    many = _queries(client, page(world))
    after = _queries(client, page(world) + f"?submitted={ProgressUpdate.objects.first().pk}")
    # Session, user, permissions, the indicator, "may submit", its updates, the navigation.
    assert one == many == 7, (one, many)
    assert after <= many + 2  # the next update owed: the indicators owed, their updates


@override_settings(
    WORKBENCH={**__import__("django.conf").conf.settings.WORKBENCH, "SITE_URL": "https://wb.example.org/"}
)
def test_framework_notices_mail_absolute_links(world):
    from frameworks.choices import FrameworkStatus
    from frameworks.tasks import notify_framework_status
    from tests.factories import FrameworkFactory

    framework = FrameworkFactory(mission=world.mission, status=FrameworkStatus.CONSULTATION)
    assert notify_framework_status(framework.pk, "framework.consultation") >= 1
    link = f"https://wb.example.org{reverse('frameworks:framework-detail', args=[framework.pk])}"
    assert mail.outbox and all(link in message.body for message in mail.outbox)
    notice = Notification.objects.filter(user=world.agency_planner).get()
    assert notice.url == reverse("frameworks:framework-detail", args=[framework.pk])  # in the app: the path
