"""How a corporate sign-in's claims become a workbench user (missions.oidc, identity_sign_in): found
by the provider's subject, created on the first sign-in with no password and no membership, its
names and e-mail following the claims after; its entity from the entity claim or the e-mail domain;
a local account never taken over; a refusal leaves nothing behind. The browser journeys against a
real provider are in tests/oidc/."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from missions.choices import EntityKind
from missions.models import Membership, SignInIdentity
from missions.oidc import entity_from, username_from
from missions.services import SignInRefused, identity_sign_in
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.org"


def _claims(**extra):
    return {
        "sub": "s-1",
        "preferred_username": "amina.diallo",
        "email": "amina.diallo@unicef.org",
        "given_name": "Amina",
        "family_name": "Diallo",
        **extra,
    }


def _sign_in(claims):
    return identity_sign_in(
        issuer=ISSUER,
        subject=claims["sub"],
        username=username_from(claims),
        email=claims.get("email", ""),
        first_name=claims.get("given_name", ""),
        last_name=claims.get("family_name", ""),
        entity=entity_from(claims),
    )


def test_the_first_sign_in_creates_the_user_and_the_next_ones_update_it(settings):
    settings.OIDC_ENTITY_CLAIM = "entity"
    settings.OIDC_ENTITY_DOMAINS = {"undp.org": "UNDP", "UNICEF.org": "UNICEF"}
    unicef = EntityFactory(code="UNICEF", kind=EntityKind.AFP)
    undp = EntityFactory(code="UNDP", kind=EntityKind.AFP)
    user = _sign_in(_claims())
    assert (user.username, user.email, user.get_full_name()) == (
        "amina.diallo",
        "amina.diallo@unicef.org",
        "Amina Diallo",
    )
    assert not user.has_usable_password()
    assert SignInIdentity.objects.get(user=user).entity == unicef  # from the e-mail domain
    assert not Membership.objects.filter(user=user).exists()

    again = _sign_in(_claims(email="amina.diallo@undp.org", family_name="Diallo-Sow", entity="undp"))
    assert again.pk == user.pk
    again.refresh_from_db()
    assert (again.email, again.last_name) == ("amina.diallo@undp.org", "Diallo-Sow")
    assert SignInIdentity.objects.get(user=user).entity == undp  # the claim, before the domain
    assert get_user_model().objects.count() == 1


def test_without_a_preferred_user_name_the_e_mail_address_is_the_user_name():
    claims = _claims()
    del claims["preferred_username"]
    assert _sign_in(claims).username == "amina.diallo@unicef.org"


def test_an_unknown_entity_or_domain_records_none(settings):
    settings.OIDC_ENTITY_CLAIM = "entity"
    settings.OIDC_ENTITY_DOMAINS = {"unicef.org": "UNICEF"}  # no such entity in the workbench
    user = _sign_in(_claims(entity="NOPE"))
    assert SignInIdentity.objects.get(user=user).entity is None


def test_a_local_account_with_the_same_user_name_is_not_taken_over():
    admin = UserFactory(username="amina.diallo", is_staff=True, is_superuser=True)
    with pytest.raises(SignInRefused, match="already exists in the workbench"):
        _sign_in(_claims())
    assert not SignInIdentity.objects.exists()
    admin.refresh_from_db()
    assert admin.is_superuser and admin.has_usable_password() and admin.email != "amina.diallo@unicef.org"


def test_claims_the_workbench_cannot_store_are_refused_with_nothing_created():
    with pytest.raises(SignInRefused, match="cannot be used here"):
        _sign_in(_claims(preferred_username="amina diallo!"))  # not a valid user name
    assert not get_user_model().objects.exists()
    assert not SignInIdentity.objects.exists()


def test_a_corporate_sign_in_of_an_administrator_is_not_asked_for_a_second_factor_unless_configured(settings):
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "missions.oidc.WorkbenchOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID = "workbench"
    user = _sign_in(_claims())
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user, backend="missions.oidc.WorkbenchOIDCBackend")
    assert client.get("/admin/").status_code == 200
    settings.WORKBENCH_OIDC_REQUIRE_2FA = True
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))


def test_without_configuration_there_is_no_corporate_sign_in():
    client = Client()
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc-start")).status_code == 404
    assert client.get(reverse("oidc-callback") + "?code=x&state=y").status_code == 404


def test_the_sign_in_page_names_the_provider(settings):
    settings.OIDC_RP_CLIENT_ID = "workbench"
    settings.OIDC_PROVIDER_NAME = "UN Identity"
    page = Client().get(reverse("login") + "?next=/missions/").content.decode()
    assert "Sign in with UN Identity" in page
    assert f'href="{reverse("oidc-start")}?next=/missions/"' in page


def test_an_unreachable_provider_is_a_sentence_on_the_sign_in_page(settings):
    settings.OIDC_RP_CLIENT_ID = "workbench"
    settings.OIDC_OP_DISCOVERY = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_TIMEOUT = 2
    response = Client().get(reverse("oidc-start"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "The identity provider cannot be reached" in response.content.decode()


@pytest.mark.parametrize(
    ("claims", "refused"),
    [
        ({"aud": "workbench", "iss": ISSUER}, None),
        ({"aud": ["other", "workbench"], "iss": ISSUER}, None),
        ({"aud": "another-client", "iss": ISSUER}, "another client"),
        ({"aud": "workbench", "iss": "https://elsewhere.example.org"}, "another issuer"),
        ({"aud": "workbench", "iss": ISSUER, "nonce": "other"}, "Nonce"),
        ({"aud": "workbench", "iss": ISSUER, "exp": 1}, "Signature has expired"),
    ],
)
def test_an_id_token_for_another_client_issuer_or_nonce_is_refused(settings, claims, refused):
    import jwt
    from django.core.exceptions import SuspiciousOperation

    from missions.oidc import WorkbenchOIDCBackend

    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "workbench", "a-secret-of-32-bytes-or-more-for-hs256"
    settings.OIDC_RP_SIGN_ALGO, settings.OIDC_OP_ISSUER = "HS256", ISSUER
    token = jwt.encode({"sub": "s-1", "nonce": "n-1", **claims}, settings.OIDC_RP_CLIENT_SECRET, algorithm="HS256")
    backend = WorkbenchOIDCBackend()
    if refused is None:
        assert backend.verify_token(token, nonce="n-1")["sub"] == "s-1"
    else:
        with pytest.raises(SuspiciousOperation, match=refused):
            backend.verify_token(token, nonce="n-1")
