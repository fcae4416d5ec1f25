"""The sign-in pages in a real Chromium, as a person goes through them: the sign-in page with the
organisation's sign-in offered, an administrator's first sign-in (setting up the authenticator
app from the key the page shows, then the backup codes), a later sign-in with a wrong then a right
code, and a password reset from the e-mail. Each page passes axe-core; screenshots go where
tests/e2e/screens.py says (docs/screenshots/signin-*.png with WORKBENCH_SCREENSHOTS=1)."""

import base64
import re
import time

import pytest
from django.core import mail

from tests.browser_fixtures import PASSWORD
from tests.e2e.screens import screenshot_dir
from tests.factories import UserFactory
from tests.second_factor import code_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_dir() / f"signin-{name}.png"), full_page=True)


def _password_sign_in(page, user, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_an_administrator_sets_up_the_app_then_signs_in_with_its_codes(page, axe, settings):
    settings.OIDC_RP_CLIENT_ID = "workbench"
    settings.OIDC_PROVIDER_NAME = "UN Identity"
    admin = UserFactory(username="root", first_name="Rosa", last_name="Admin", is_staff=True, is_superuser=True)

    page.goto("/accounts/login/?next=/admin/")
    assert page.get_by_role("link", name="Sign in with UN Identity").is_visible()
    assert axe(page) == []
    _shot(page, "page")

    _password_sign_in(page, admin)
    page.goto("/admin/")
    assert "/accounts/two-factor/setup/" in page.url  # held back until the second factor is set up
    assert page.get_by_role("img", name="QR code of the key for your authenticator app").is_visible()
    assert axe(page) == []
    _shot(page, "enrolment")
    secret = page.locator("dl.facts dd code").inner_text().replace(" ", "")
    key = base64.b32decode(secret).hex()  # what the app reads from the QR code or the typed key
    page.get_by_label("Code from the app").fill(code_now(key))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("networkidle")
    codes = page.locator("main ol code").all_inner_texts()
    assert len(codes) == 10
    assert axe(page) == []
    _shot(page, "backup-codes")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/")

    page.context.clear_cookies()  # a new browser session
    _password_sign_in(page, admin)
    page.goto("/admin/")
    assert "/accounts/two-factor/" in page.url
    page.get_by_label("Code", exact=True).fill("000000" if code_now(key, steps_from_now=1) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_code-error").inner_text().startswith("This code is not right")
    assert page.get_by_label("Code", exact=True).get_attribute("aria-invalid") == "true"
    assert axe(page) == []
    _shot(page, "verification")
    time.sleep(1.1)  # the throttle's wait after one wrong code
    page.get_by_label("Code", exact=True).fill(code_now(key, steps_from_now=1))  # the code just used is not taken again
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/admin/")
    assert page.get_by_text("Site administration").is_visible()


def test_a_planner_resets_a_forgotten_password_from_the_e_mail(page, axe, live_server, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "SITE_URL": live_server.url}
    planner = UserFactory(username="kofi", email="kofi@unicef.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert axe(page) == []
    _shot(page, "reset")
    page.get_by_label("E-mail address").fill("kofi@unicef.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("If a workbench account has this address").is_visible()
    assert axe(page) == []
    [link] = re.findall(r"https?://\S+", mail.outbox[0].body)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("river stones 42")
    page.get_by_label("New password confirmation").fill("river stones 42")
    assert axe(page) == []
    _shot(page, "reset-new-password")
    page.get_by_role("button", name="Set the password").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your new password is set").is_visible()
    _password_sign_in(page, planner, "river stones 42")
    assert page.locator(".site-header .who").inner_text() == "kofi"
