"""A person changes their own password under Django's password rules, explained in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import TestCase


class PasswordChangeTest(TestCase):
    user: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = get_user_model().objects.create_user("canbo.an", password="pw-canbo.an", first_name="An")

    def change(self, new: str) -> Any:
        self.client.force_login(self.user)
        return self.client.post(
            "/account/password/", {"old_password": "pw-canbo.an", "new_password1": new, "new_password2": new}
        )

    def test_a_short_common_or_numeric_password_is_refused_with_the_reasons_in_vietnamese(self):
        for password, reason in (
            ("abc12xyz", "Mật khẩu quá ngắn: phải có ít nhất 10 ký tự."),
            ("password123", "Mật khẩu này quá phổ biến."),
            ("8264019375", "Mật khẩu này hoàn toàn là số."),
            ("canbo.an.canbo", "Mật khẩu quá giống"),
        ):
            with self.subTest(password=password):
                self.assertContains(self.change(password), reason)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("pw-canbo.an"))

    def test_a_good_password_is_taken_and_the_person_stays_logged_in(self):
        answer = self.change("Sông Hương chảy qua Huế 2026")
        self.assertRedirects(answer, "/account/", fetch_redirect_response=False)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("Sông Hương chảy qua Huế 2026"))
        self.assertContains(self.client.get("/account/"), "Đã đổi mật khẩu của bạn")
