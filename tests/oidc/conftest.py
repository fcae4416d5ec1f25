"""A real OpenID Connect provider for the corporate sign-in tests: tests/oidc/provider.mjs
(oidc-provider, run with node) on a free port of 127.0.0.1, with one client whose redirect goes
to the live server, and one user; the workbench is configured for it through the OIDC_* settings
as the environment would set them (planning/settings.py)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = Path(__file__).resolve().parent / "provider.mjs"
CLIENT_ID, CLIENT_SECRET = "workbench", "a-client-secret-for-tests"
USER = {
    "sub": "8c5b0f3e-amina",
    "preferred_username": "amina.diallo",
    "email": "amina.diallo@undp.org",
    "email_verified": True,
    "given_name": "Amina",
    "family_name": "Diallo",
    "name": "Amina Diallo",
    "entity": "UNDP",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _missing() -> str | None:
    if not shutil.which("node"):
        return "node is not installed"
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        return "oidc-provider is not installed (npm install)"
    return None


class Provider:
    def __init__(self, issuer: str, process: subprocess.Popen, user: dict):
        self.issuer, self.process, self.user = issuer, process, user


@pytest.fixture
def oidc_provider(live_server, settings):
    """The provider, running, and the workbench pointed at it; stopped after the test."""
    if reason := _missing():
        if os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1":
            pytest.fail(f"required service missing: {reason} (WORKBENCH_REQUIRE_SERVICES=1)")
        pytest.skip(f"service missing: {reason}")
    port = _free_port()
    environment = {
        **os.environ,
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TEST_REDIRECT_URI": f"{live_server.url}/oidc/callback/",
        "OIDC_TEST_USER": json.dumps(USER),
        "NODE_NO_WARNINGS": "1",
    }
    process = subprocess.Popen(
        ["node", str(PROVIDER)], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        issuer = _wait_until_ready(process)
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_DISCOVERY = f"{issuer}/.well-known/openid-configuration"
        for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
            setattr(settings, f"OIDC_OP_{name}_ENDPOINT", "")
        settings.OIDC_OP_ISSUER = ""
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_RP_SCOPES = "openid email profile entity"
        settings.OIDC_USE_PKCE = True
        settings.OIDC_TIMEOUT = 5
        settings.OIDC_PROVIDER_NAME = "UN Identity"
        settings.OIDC_ENTITY_CLAIM = "entity"
        settings.OIDC_ENTITY_DOMAINS = {}
        settings.OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "missions.oidc.WorkbenchOIDCBackend"]
        yield Provider(issuer, process, USER)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("ready "):
            return line.split()[1]
    raise RuntimeError("the OpenID Connect provider did not start:\n" + "".join(seen))
