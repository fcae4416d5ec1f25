"""The login page works in a real browser and passes the accessibility check."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_out(page, login, axe):
    user = UserFactory(username="planner")
    page.goto("/accounts/login/")
    assert axe(page) == []
    login(page, user)
    assert page.get_by_text("planner").first.is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")


def test_wrong_password_is_refused_with_message(page):
    UserFactory(username="planner2")
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill("planner2")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
