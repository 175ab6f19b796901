"""Log-in lockout (django-axes): a user name, and separately an address, is locked out after repeated failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

WRONG = {"password": "not-the-password"}


class LoginLockoutTest(TestCase):
    user: Any
    other: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = get_user_model().objects.create_user("canbo.an", password="pw-canbo.an")
        cls.other = get_user_model().objects.create_user("canbo.binh", password="pw-canbo.binh")

    def log_in(self, username: str, password: str, address: str = "10.0.0.1") -> Any:
        return self.client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)

    def fail_to_log_in(self, username: str, times: int, address: str = "10.0.0.1") -> None:
        for _ in range(times):
            page = self.log_in(username, WRONG["password"], address)
            self.assertContains(page, "Sai tên đăng nhập hoặc mật khẩu", status_code=200)

    def test_the_limit_defaults_to_five_failures_and_fifteen_minutes(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertEqual(settings.AXES_COOLOFF_TIME, timedelta(minutes=15))

    def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_the_reason_in_vietnamese(self):
        self.fail_to_log_in("canbo.an", 4)
        locked = self.log_in("canbo.an", "wrong again")
        self.assertContains(locked, "Đăng nhập sai quá nhiều lần", status_code=429)
        self.assertContains(locked, "15 phút", status_code=429)
        page = self.log_in("canbo.an", "pw-canbo.an", address="10.9.9.9")
        self.assertContains(page, "Đăng nhập sai quá nhiều lần", status_code=429)
        self.assertContains(page, 'name="username"', status_code=429)  # the log-in page itself, not a bare 403
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_an_address_that_tried_five_user_names_is_locked_out_for_every_user_name(self):
        for name in ("a", "b", "c", "d"):
            self.fail_to_log_in(name, 1, address="10.0.0.7")
        self.log_in("e", "x", address="10.0.0.7")
        refused = self.log_in("canbo.binh", "pw-canbo.binh", address="10.0.0.7")
        self.assertContains(refused, "Đăng nhập sai quá nhiều lần", status_code=429)
        allowed = self.log_in("canbo.binh", "pw-canbo.binh", address="10.0.0.8")
        self.assertRedirects(allowed, "/campaigns/", fetch_redirect_response=False)

    def test_the_right_password_before_the_limit_starts_the_count_again(self):
        self.fail_to_log_in("canbo.an", 4)
        self.assertRedirects(self.log_in("canbo.an", "pw-canbo.an"), "/campaigns/", fetch_redirect_response=False)
        self.client.logout()
        self.fail_to_log_in("canbo.an", 4)
        self.assertRedirects(self.log_in("canbo.an", "pw-canbo.an"), "/campaigns/", fetch_redirect_response=False)

    def test_the_lock_opens_after_the_cool_off(self):
        self.fail_to_log_in("canbo.an", 4)
        self.assertEqual(self.log_in("canbo.an", "wrong again").status_code, 429)
        self.assertEqual(self.log_in("canbo.an", "pw-canbo.an").status_code, 429)
        with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=True):
            page = self.log_in("canbo.an", "pw-canbo.an")
        self.assertRedirects(page, "/campaigns/", fetch_redirect_response=False)

    def test_the_administration_log_in_is_locked_out_alike(self):
        self.fail_to_log_in("canbo.an", 4)
        self.log_in("canbo.an", "wrong again")
        page = self.client.post(
            "/admin/login/", {"username": "canbo.an", "password": "pw-canbo.an"}, REMOTE_ADDR="10.0.0.2"
        )
        self.assertContains(page, "Đăng nhập sai quá nhiều lần", status_code=429)
