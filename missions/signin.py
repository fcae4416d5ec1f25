"""Sign-in throttling with django-axes (docs/ARCHITECTURE.md, "Sign-in throttling").

Axes records failed sign-ins in the database and locks by the combinations listed in
AXES_LOCKOUT_PARAMETERS. It compares every combination with one AXES_FAILURE_LIMIT; the handler
below gives each combination its own limit (a user name across addresses and an address across
user names may fail more often than one pair) and, after a successful sign-in, clears only that
pair's failures, so a valid account cannot wipe an address's count of failures on other names.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str:
    """The address failures are counted against (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless that is one of the configured proxies (WORKBENCH_TRUSTED_PROXIES): then
    the right-most X-Forwarded-For entry that is not a proxy, the address the outermost proxy saw.
    Entries to its left are the client's own claims. django-ipware's trusted-proxy list matches
    entries of the header itself, not the connection's peer, so it is not used here.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = [ipaddress.ip_network(proxy, strict=False) for proxy in settings.WORKBENCH_TRUSTED_PROXIES]
    if not proxies or not _within(remote, proxies):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        try:
            address = ipaddress.ip_address(entry.strip())
        except ValueError:
            return remote  # a chain the proxy did not write: count it on the proxy
        if not _within(str(address), proxies):
            return str(address)
    return remote


def _within(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _limit(parameter, pair_limit: int) -> int:
    if parameter == "username":
        return settings.WORKBENCH_SIGNIN_USERNAME_FAILURE_LIMIT
    if parameter == "ip_address":
        return settings.WORKBENCH_SIGNIN_ADDRESS_FAILURE_LIMIT
    return pair_limit


class SignInAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler with a failure limit per lockout parameter."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of the combination nearest its own limit, scaled to AXES_FAILURE_LIMIT:
        axes locks when this reaches AXES_FAILURE_LIMIT, i.e. when any combination reaches its
        limit."""
        pair_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        return max(
            (attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0) * pair_limit // _limit(p, pair_limit)
            for p, attempts in zip(parameters, attempts_list, strict=True)
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in: forget the failures of this user name from this address."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
