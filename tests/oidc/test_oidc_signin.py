"""Corporate sign-in end to end: a real Chromium goes from the workbench's sign-in page to a real
OpenID Connect provider (tests/oidc/provider.mjs) and back, with real redirects, real tokens
(signed ID token checked against the provider's keys, nonce, PKCE), and lands signed in as the
user the claims describe, its entity recorded and no right granted. A cancelled sign-in, an
answer this browser did not start and a token for another nonce end on the sign-in page with a
sentence, with no user created."""

import time
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from missions.choices import EntityKind
from missions.models import Membership, SignInIdentity
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _to_provider_login(page):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with UN Identity").click()
    page.wait_for_selector("input[name=login]")


def _sign_in_at_provider(page, provider):
    page.fill("input[name=login]", provider.user["sub"])
    page.fill("input[name=password]", "any password: the test provider checks none")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the provider's consent


def _callbacks_held(page, provider) -> list[str]:
    """The provider's answers to the workbench (its redirect to /oidc/callback/ with a code),
    kept instead of followed. Playwright routes only the first request of a redirect chain, so
    a chain that ends there (from the provider's consent form, or from the workbench's start of a
    sign-in the provider answers at once) is followed here, in the browser's own cookie jar."""
    held = []

    def starts_a_chain(request) -> bool:
        if urlparse(request.url).path == "/oidc/sign-in/":
            return bool(held)  # a second sign-in, answered at once: the person is known by then
        return request.method == "POST" and "prompt=consent" in (request.post_data or "")

    def follow(route):
        if not starts_a_chain(route.request):
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        while location and urlparse(location).path != "/oidc/callback/":
            url = location if location.startswith("http") else provider.issuer + location
            response = page.request.get(url, max_redirects=0)
            location = response.headers.get("location", "")
        held.append(location)
        route.fulfill(status=200, content_type="text/plain", body="held")

    page.route("**/*", follow)
    return held


def _wait_for(page, condition, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the provider did not answer"
        page.wait_for_timeout(50)  # lets Playwright run the route handlers


def test_a_person_signs_in_with_the_identity_provider_and_lands_as_the_mapped_user(
    oidc_provider, live_server, page, axe
):
    undp = EntityFactory(code="UNDP", name="United Nations Development Programme", kind=EntityKind.AFP)
    page.goto("/accounts/login/")
    assert page.get_by_role("link", name="Sign in with UN Identity").is_visible()
    assert page.get_by_label("User name").is_visible()  # local accounts keep their form
    assert axe(page) == []

    _to_provider_login(page)
    assert page.url.startswith(oidc_provider.issuer)
    _sign_in_at_provider(page, oidc_provider)
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator(".site-header .who").inner_text() == "Amina Diallo"
    assert page.get_by_text("Ask an administrator for a membership").is_visible()
    user = get_user_model().objects.get(username="amina.diallo")
    assert (user.email, user.first_name, user.last_name) == ("amina.diallo@undp.org", "Amina", "Diallo")
    assert not user.has_usable_password() and not user.is_staff
    identity = SignInIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject, identity.entity) == (
        oidc_provider.issuer,
        oidc_provider.user["sub"],
        undp,
    )
    assert not Membership.objects.filter(user=user).exists()  # a claim grants no right

    # Signed out and in again: the same user, found by the provider's subject.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    # The provider remembers the person and their consent: straight back, signed in.
    page.get_by_role("link", name="Sign in with UN Identity").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".site-header .who").inner_text() == "Amina Diallo"
    assert get_user_model().objects.filter(username="amina.diallo").count() == 1


def test_a_sign_in_cancelled_at_the_provider_says_so_and_creates_no_one(oidc_provider, page):
    _to_provider_login(page)
    page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_text("The sign-in was cancelled at the identity provider").is_visible()
    assert not get_user_model().objects.exists()


def test_an_answer_with_a_forged_state_is_refused_and_creates_no_one(oidc_provider, page):
    held = _callbacks_held(page, oidc_provider)
    _to_provider_login(page)
    _sign_in_at_provider(page, oidc_provider)
    _wait_for(page, lambda: len(held) == 1)
    [answer] = held
    query = parse_qs(urlparse(answer).query)
    page.goto(f"/oidc/callback/?{urlencode({'code': query['code'][0], 'state': 'forged-state'})}")
    assert page.get_by_text("does not match a sign-in started in this browser").is_visible()
    assert page.get_by_role("heading", name="Sign in", exact=True).is_visible()
    assert not get_user_model().objects.exists()
    assert not AccessAttempt.objects.exists()  # not a password failure: axes counts none


@pytest.mark.parametrize("pkce", [True, False], ids=["with-pkce", "nonce-only"])
def test_a_token_for_another_nonce_is_refused_and_creates_no_one(oidc_provider, page, settings, pkce, caplog):
    """Two sign-ins started in one browser: the code of the second presented with the state of
    the first, so the ID token carries the other sign-in's nonce. With PKCE the provider already
    refuses the code (another verifier); without, the workbench's nonce check refuses the token."""
    settings.OIDC_USE_PKCE = pkce
    held = _callbacks_held(page, oidc_provider)
    _to_provider_login(page)
    _sign_in_at_provider(page, oidc_provider)
    _wait_for(page, lambda: len(held) == 1)
    # The provider remembers the person and their consent: straight back with a second code.
    page.goto("/oidc/sign-in/")
    _wait_for(page, lambda: len(held) == 2)
    first, second = (parse_qs(urlparse(url).query) for url in held)
    page.goto(f"/oidc/callback/?{urlencode({'code': second['code'][0], 'state': first['state'][0]})}")
    assert page.get_by_text("The identity provider's answer could not be verified").is_visible()
    assert not get_user_model().objects.exists()
    why = "refused the code" if pkce else "Nonce verification failed"
    assert any(why in record.getMessage() for record in caplog.records), [r.getMessage() for r in caplog.records]
