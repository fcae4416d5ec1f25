"""Administrators owe a second factor before any page (missions.twofactor): sign a test client in
as one who has entered it, and compute the codes a user's authenticator app shows."""

from __future__ import annotations

import binascii
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# A verified session reads its device once a request (django-otp's middleware).
SECOND_FACTOR_QUERIES = 1


def authenticator(user) -> TOTPDevice:
    """`user`'s authenticator app (a confirmed TOTP device), made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device_or_key, *, steps_from_now: int = 0) -> str:
    """The 6-digit code an app shows now (or `steps_from_now` 30-second periods later) for a
    device or a hex key, computed as the app does (RFC 6238)."""
    key = device_or_key.bin_key if isinstance(device_or_key, TOTPDevice) else binascii.unhexlify(device_or_key)
    generator = TOTP(key, step=30, digits=6)
    generator.time = time.time() + 30 * steps_from_now
    return f"{generator.token():06d}"


def force_login_verified(client, user) -> None:
    """`client.force_login(user)` as after the second factor: its session has entered a code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
