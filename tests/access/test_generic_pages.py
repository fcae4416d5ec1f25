"""Every page stands on the generic page classes (missions/generic/views.py), so the access layer,
its logged refusals and the generated access tests reach it by construction:

- a page whose path names an object (`<pk>`, `<int:pk>`, `<acronym>`, `<code:acronym>`, `<id>`,
  `<…_id>`) is an `ObjectPage` (or a subclass: MissionPage, ServiceFormView, ServiceActionView…);
- every other page is a `SignedInPage` or an `ObjectPage`, except the few below that serve people
  who are not signed in, or no one in particular.

The API (`api/`) and the admin (`admin/`) have their own base classes and are not pages.
"""

from missions.generic.views import ObjectPage, SignedInPage
from tests.access.discovery import names_object, site_routes

# URL name -> (the view it must be, why it is not on the generic classes). Keep it short.
PLAIN = {
    "home": ("planning.views.HomeView", "the public landing page: signed out it says what the workbench is"),
    "health": ("planning.views.health", "read by load balancers and operators, who do not sign in"),
    "health-ready": ("planning.health.ReadinessView", "django-health-check's readiness probe, read by orchestrators"),
    "login": ("missions.views.SignInView", "signing in: no one is signed in yet"),
    "oidc-start": ("missions.oidc.OIDCSignInView", "corporate sign-in: sends a visitor to the identity provider"),
    "oidc-callback": ("missions.oidc.OIDCCallbackView", "corporate sign-in: the identity provider's answer"),
    "password_reset": ("missions.views.PasswordResetView", "password reset: asked by someone who cannot sign in"),
    "password_reset_done": (
        "django.contrib.auth.views.PasswordResetDoneView",
        "password reset: the same answer for all",
    ),
    "password_reset_confirm": (
        "django.contrib.auth.views.PasswordResetConfirmView",
        "password reset: the e-mailed link",
    ),
    "password_reset_complete": ("django.contrib.auth.views.PasswordResetCompleteView", "password reset: done"),
    "logout": ("django.contrib.auth.views.LogoutView", "signing out: Django's own view"),
    "set_language": ("planning.languages.set_language", "the language switch, offered signed out too"),
}
# The sign-in lock page (missions.views.signin_locked_out) is axes' AXES_LOCKOUT_CALLABLE, not a
# route: it answers a refused sign-in on the login route.


def _dotted(route) -> str:
    view = route.view_class or route.callback
    return f"{view.__module__}.{view.__qualname__}"


def _off_the_generic_classes() -> list[str]:
    problems = []
    for route in site_routes():
        view = route.view_class
        is_class = isinstance(view, type)
        where = f"/{route.regex} ({route.name}) -> {_dotted(route)}"
        if names_object(route):
            if not (is_class and issubclass(view, ObjectPage)):
                problems.append(f"{where}: names an object; build it on ObjectPage (or MissionPage, ServiceFormView…)")
        elif route.name in PLAIN:
            if _dotted(route) != PLAIN[route.name][0]:
                problems.append(f"{where}: allowed as {PLAIN[route.name][0]} only")
        elif not (is_class and issubclass(view, (SignedInPage, ObjectPage))):
            problems.append(f"{where}: build it on SignedInPage (or SignedInFormView)")
    return problems


def test_every_page_stands_on_the_generic_page_classes():
    problems = _off_the_generic_classes()
    assert not problems, (
        f"{len(problems)} pages are off the generic page classes of missions/generic/views.py; build each on "
        "them (docs/ARCHITECTURE.md), so the access layer and the generated access tests reach it:\n"
        + "\n".join(problems)
    )


def test_the_plain_pages_allowed_still_exist():
    """An entry for a page that is gone (or renamed) would let a new page of that name through."""
    names = {route.name for route in site_routes()}
    assert not set(PLAIN) - names, f"no longer routes: {sorted(set(PLAIN) - names)}: remove them from PLAIN"


def test_the_guard_recognises_what_names_an_object():
    from tests.access.discovery import Route

    def route(regex):
        return Route("x", regex, None)

    for regex in ("a/<int:pk>/", "a/<pk>/", "m/<code:acronym>/", "m/<acronym>/x/", "t/<int:token_id>/", "r/<id>/"):
        assert names_object(route(regex)), regex
    for regex in ("portfolio/", "a/<str:format>/", "f/<str:step>/"):
        assert not names_object(route(regex)), regex
