"""The second factor: administrators reach no page, the admin and the API included, before they
have set up an authenticator app and entered one of its codes; everyone when
WORKBENCH_REQUIRE_2FA is on. Codes are computed here as the app computes them (RFC 6238); a wrong
one is refused with a sentence on the field, and repeated failures lock the next tries for a while."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.second_factor import authenticator, code_now

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password

pytestmark = pytest.mark.django_db


def _admin(**extra):
    return UserFactory(username=f"admin-{uuid.uuid4().hex[:8]}", is_staff=True, is_superuser=True, **extra)


def _sign_in(client: Client, user, password: str = PASSWORD):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _enrolment_key(client) -> str:
    return client.session["workbench_totp_enrolment_key"]


def test_an_administrator_without_a_second_factor_is_sent_to_set_it_up_and_reaches_nothing_before():
    client = Client()
    admin = _admin()
    _sign_in(client, admin)
    for path in ["/", "/admin/", "/admin/auth/user/", reverse("mission-list"), reverse("notifications")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("two-factor-setup") + "?next="), path
    api = client.get(reverse("api-mission-list"))
    assert api.status_code == 403 and "second factor" in api.json()["detail"]
    # The way out stays open.
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 200


def test_setting_up_shows_the_key_and_a_qr_code_and_a_right_code_confirms_it_with_backup_codes():
    client = Client()
    admin = _admin()
    _sign_in(client, admin)
    page = client.get(reverse("two-factor-setup") + "?next=/admin/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in text and "QR code" in text
    key = _enrolment_key(client)
    secret = re.search(r"<dd><code>([A-Z2-7 ]+)</code></dd>", text).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret).hex() == key  # the key typed into the app is the one checked
    assert not TOTPDevice.objects.filter(user=admin).exists()  # nothing stored before it is confirmed

    wrong = client.post(reverse("two-factor-setup"), {"code": "000000" if code_now(key) != "000000" else "111111"})
    assert wrong.status_code == 422
    assert "This code is not right" in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()

    done = client.post(reverse("two-factor-setup"), {"code": code_now(key), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert client.get("/admin/").status_code == 200  # this session has entered a code


def test_after_a_password_sign_in_an_administrator_enters_a_code_and_goes_where_they_were_going():
    admin = _admin()
    device = authenticator(admin)
    client = Client()
    response = client.post(
        reverse("login") + "?next=/admin/", {"username": admin.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    held = client.get("/admin/")
    assert held["Location"] == reverse("two-factor-verify") + "?next=%2Fadmin%2F"
    page = client.get(held["Location"])
    assert page.status_code == 200 and "authenticator app" in page.content.decode()
    answer = client.post(reverse("two-factor-verify"), {"code": code_now(device), "next": "/admin/"})
    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_on_the_field_and_failures_lock_the_next_tries():
    admin = _admin()
    device = authenticator(admin)
    client = Client()
    _sign_in(client, admin)
    wrong = "123456" if code_now(device) != "123456" else "654321"
    first = client.post(reverse("two-factor-verify"), {"code": wrong})
    assert first.status_code == 422
    assert "This code is not right" in first.content.decode()
    # Right away even the right code is refused: the throttle waits 1 s after one failure,
    # 2 after two, 4 after three…
    locked = client.post(reverse("two-factor-verify"), {"code": code_now(device)})
    assert locked.status_code == 422
    assert "Too many wrong codes: wait 1 second" in locked.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    for _ in range(3):
        # As if the wait were over.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(reverse("two-factor-verify"), {"code": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count == 4
    locked = client.post(reverse("two-factor-verify"), {"code": code_now(device)})
    assert "wait 8 seconds" in locked.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_opens_once():
    admin = _admin()
    client = Client()
    _sign_in(client, admin)
    client.get(reverse("two-factor-setup"))
    key = _enrolment_key(client)
    codes = re.findall(
        r"<li><code>([a-z0-9]+)</code></li>",
        client.post(reverse("two-factor-setup"), {"code": code_now(key)}).content.decode(),
    )
    client.post(reverse("logout"))

    _sign_in(client, admin)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("logout"))

    _sign_in(client, admin)
    again = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 422 and "This code is not right" in again.content.decode()


def test_other_users_are_not_asked_unless_the_workbench_requires_it_for_everyone(settings):
    planner = UserFactory(username=f"planner-{uuid.uuid4().hex[:8]}")
    client = Client()
    _sign_in(client, planner)
    assert client.get(reverse("mission-list")).status_code == 200
    settings.WORKBENCH_REQUIRE_2FA = True
    response = client.get(reverse("mission-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))


def test_the_verification_page_of_someone_without_an_app_leads_to_setting_it_up():
    client = Client()
    _sign_in(client, _admin())
    response = client.get(reverse("two-factor-verify") + "?next=/admin/")
    assert response["Location"] == reverse("two-factor-setup") + "?next=%2Fadmin%2F"


def test_an_outside_next_address_is_not_followed():
    admin = _admin()
    device = authenticator(admin)
    client = Client()
    _sign_in(client, admin)
    answer = client.post(reverse("two-factor-verify"), {"code": code_now(device), "next": "https://evil.example/"})
    assert answer["Location"] == reverse("home")


def test_the_sign_in_pages_cost_a_pinned_number_of_queries(django_assert_max_num_queries):
    admin = _admin()
    client = Client()
    with django_assert_max_num_queries(1):  # none but the session's, if any
        assert client.get(reverse("login")).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("password_reset")).status_code == 200
    _sign_in(client, admin)
    # Session, user, whether a second factor is set up, the header's rights and counts, and the
    # key being set up written to the session.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("two-factor-setup")).status_code == 200
    device = authenticator(admin)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("two-factor-verify")).status_code == 200
    # Entering the code: session, user, the device (checked, then saved), the session's new key.
    with django_assert_max_num_queries(10):
        assert client.post(reverse("two-factor-verify"), {"code": code_now(device)}).status_code == 302
