"""Two-step verification with a time-based code (TOTP, RFC 6238) from an authenticator app, on django-otp.

A person sets it up once (the secret is shown once, as a QR code and as text), then every log-in asks, after the
password, for the 6-digit code the app shows. Between the two steps the session only holds who passed the password
(for a few minutes): the person is not logged in until the code is right.
"""

from __future__ import annotations

from base64 import b32encode
from datetime import datetime, timedelta
from typing import Any

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_KEY = "parindex_two_step"
# The time between the password and the code; long enough to unlock a phone and open the app.
PENDING_LIFETIME = timedelta(minutes=5)
# Wrong codes allowed in one log-in before the person must give the password again (the device also slows guesses).
MAX_WRONG_CODES = 5


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """The person's authenticator, once set up (a confirmed device), else None."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def start_setup(user: AbstractBaseUser) -> TOTPDevice:
    """A new, not yet confirmed authenticator (a fresh secret); an earlier unfinished set-up is dropped."""
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def pending_setup(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The set-up link as an inline SVG QR code (no image file, no outside service)."""
    return str(segno.make(device.config_url, error="m", micro=False).svg_inline(scale=4, border=4))


def check_code(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is the device's current code (one step of clock drift either way); a code is used once."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == device.digits):
        return False
    return bool(device.verify_token(code))


def wait_seconds(device: TOTPDevice) -> int:
    """Seconds before the device accepts another try after wrong codes (django-otp's throttling), 0 if it does."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if isinstance(locked_until, datetime):
        return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return 1


def remember_password_passed(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> None:
    """The password was right: remember who, and where to go, until the code is given."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "since": timezone.now().isoformat(),
        "wrong": 0,
    }


def pending_person(request: HttpRequest) -> tuple[AbstractBaseUser, dict[str, Any]] | None:
    """The person who passed the password in this session and still owes the code, if the wait has not expired."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    try:
        since = datetime.fromisoformat(pending["since"])
    except (KeyError, TypeError, ValueError):
        forget(request)
        return None
    if timezone.now() - since > PENDING_LIFETIME or pending.get("wrong", 0) >= MAX_WRONG_CODES:
        forget(request)
        return None
    user_id = pending.get("user")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if isinstance(user_id, int) else None
    if user is None:
        forget(request)
        return None
    return user, pending


def count_wrong_code(request: HttpRequest) -> None:
    pending = request.session.get(PENDING_KEY)
    if isinstance(pending, dict):
        pending["wrong"] = int(pending.get("wrong", 0)) + 1
        request.session[PENDING_KEY] = pending


def forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
