"""Helpers for the security tests: a person's current authenticator code, and moving the clock past a code's step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    """The 6 digits the person's authenticator app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def later(seconds: int) -> Any:
    """The clock ``seconds`` on (a TOTP code is used once: the next log-in needs the next 30-second step)."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)
