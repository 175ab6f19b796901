"""The optional second factor: set up once (QR code and key shown once), then every log-in asks for the code."""

from __future__ import annotations

import re
from typing import Any

from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.security.tests.support import current_code, later
from parindex.tests.district import DistrictTestCase


class TwoFactorTest(DistrictTestCase):
    def log_in(self, username: str, next_url: str = "") -> Any:
        data = {"username": username, "password": "pw-" + username, "next": next_url}
        return self.client.post("/login/", data)

    def set_up_authenticator(self, username: str) -> TOTPDevice:
        """Log in, set up the authenticator through the pages and log out: the person's device, confirmed."""
        self.assertEqual(self.log_in(username).status_code, 302)
        page = self.client.post("/account/two-step/setup/")
        self.assertContains(page, "<svg")
        device = TOTPDevice.objects.get(user__username=username)
        self.assertFalse(device.confirmed)
        done = self.client.post("/account/two-step/confirm/", {"code": current_code(device)})
        self.assertRedirects(done, "/account/", fetch_redirect_response=False)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.client.post("/logout/")
        return device

    def test_a_person_without_an_authenticator_logs_in_with_the_password_alone(self):
        self.assertRedirects(self.log_in("noivu"), "/campaigns/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/campaigns/").status_code, 200)

    def test_setting_up_shows_the_qr_code_and_the_key_once(self):
        self.log_in("noivu")
        page = self.client.post("/account/two-step/setup/")
        device = TOTPDevice.objects.get(user=self.home_affairs)
        key = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', page.content.decode())
        assert key is not None
        self.assertEqual(key.group(1).replace(" ", ""), __import__("base64").b32encode(device.bin_key).decode())
        self.assertContains(page, "Khóa chỉ hiển thị lần này")
        again = self.client.get("/account/")
        self.assertNotContains(again, key.group(1))
        self.assertNotContains(again, "totp-secret")
        wrong = self.client.post("/account/two-step/confirm/", {"code": "000000"}, follow=True)
        self.assertContains(wrong, "Mã không đúng", status_code=400)
        self.assertNotContains(wrong, key.group(1), status_code=400)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_after_setting_up_the_password_alone_does_not_log_in_and_the_code_does(self):
        device = self.set_up_authenticator("noivu")
        with later(60):
            asked = self.log_in("noivu", next_url="/plans/")
            self.assertRedirects(asked, "/login/code/", fetch_redirect_response=False)
            self.assertNotIn("_auth_user_id", self.client.session)
            self.assertRedirects(
                self.client.get("/campaigns/"), "/login/?next=/campaigns/", fetch_redirect_response=False
            )
            self.assertContains(self.client.get("/login/code/"), "Xác thực hai bước")
            wrong = self.client.post("/login/code/", {"code": "12345"})
            self.assertContains(wrong, "Mã không đúng")
            self.assertNotIn("_auth_user_id", self.client.session)
            right = self.client.post("/login/code/", {"code": current_code(device)})
            self.assertRedirects(right, "/plans/", fetch_redirect_response=False)
            self.assertEqual(int(self.client.session["_auth_user_id"]), self.home_affairs.pk)
            self.assertEqual(self.client.get("/campaigns/").status_code, 200)

    def test_five_wrong_codes_send_the_person_back_to_the_password(self):
        device = self.set_up_authenticator("noivu")
        with later(60):
            self.log_in("noivu")
        for attempt in range(4):
            with later(120 + 30 * attempt):  # past django-otp's growing wait after a wrong code
                self.assertContains(self.client.post("/login/code/", {"code": "000000"}), "Mã không đúng")
        with later(300):
            back = self.client.post("/login/code/", {"code": "000000"})
            self.assertRedirects(back, "/login/", fetch_redirect_response=False)
            right = self.client.post("/login/code/", {"code": current_code(device)})
            self.assertRedirects(right, "/login/", fetch_redirect_response=False)
            self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_wrong_code_makes_the_next_try_wait(self):
        device = self.set_up_authenticator("noivu")
        with later(60):
            self.log_in("noivu")
            self.client.post("/login/code/", {"code": "000000"})
            waiting = self.client.post("/login/code/", {"code": current_code(device)})
            self.assertContains(waiting, "hãy chờ", status_code=429)
            self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_code_is_good_once(self):
        device = self.set_up_authenticator("noivu")
        with later(60):
            code = current_code(device)
            self.log_in("noivu")
            self.client.post("/login/code/", {"code": code})
            self.client.post("/logout/")
            self.log_in("noivu")
            self.assertContains(self.client.post("/login/code/", {"code": code}), "Mã không đúng")
            self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_code_step_expires(self):
        self.set_up_authenticator("noivu")
        with later(60):
            self.log_in("noivu")
        with later(60 + 6 * 60):
            self.assertRedirects(self.client.get("/login/code/"), "/login/", fetch_redirect_response=False)

    def test_the_administration_log_in_refuses_a_person_with_an_authenticator(self):
        self.home_affairs.is_staff = True
        self.home_affairs.save()
        self.set_up_authenticator("noivu")
        page = self.client.post("/admin/login/", {"username": "noivu", "password": "pw-noivu"})
        self.assertContains(page, "Tài khoản này dùng xác thực hai bước")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_turning_it_off_takes_a_current_code(self):
        device = self.set_up_authenticator("noivu")
        with later(60):
            self.log_in("noivu")
            self.client.post("/login/code/", {"code": current_code(device)})
        with later(120):
            self.client.post("/account/two-step/off/", {"code": "000000"})
            self.assertTrue(TOTPDevice.objects.filter(user=self.home_affairs).exists())
        with later(180):
            self.client.post("/account/two-step/off/", {"code": current_code(device)})
            self.assertFalse(TOTPDevice.objects.filter(user=self.home_affairs).exists())
            self.client.post("/logout/")
            self.assertRedirects(self.log_in("noivu"), "/campaigns/", fetch_redirect_response=False)


@override_settings(REQUIRE_TWO_FACTOR=True)
class RequiredTwoFactorTest(DistrictTestCase):
    def test_home_affairs_must_set_it_up_before_anything_else(self):
        self.client.force_login(self.home_affairs)
        page = self.client.get("/campaigns/")
        self.assertRedirects(page, "/account/", fetch_redirect_response=False)
        account = self.client.get("/account/")
        self.assertContains(account, "Vai trò của bạn bắt buộc xác thực hai bước")
        self.client.post("/account/two-step/setup/")
        device = TOTPDevice.objects.get(user=self.home_affairs)
        self.client.post("/account/two-step/confirm/", {"code": current_code(device)})
        self.assertEqual(self.client.get("/campaigns/").status_code, 200)
        with later(60):
            refused = self.client.post("/account/two-step/off/", {"code": current_code(device)})
        self.assertRedirects(refused, "/account/", fetch_redirect_response=False)
        self.assertTrue(TOTPDevice.objects.filter(user=self.home_affairs, confirmed=True).exists())

    def test_a_unit_officer_is_not_asked(self):
        self.client.force_login(self.commune_officer)
        self.assertEqual(self.client.get("/campaigns/").status_code, 200)

    def test_a_session_that_skipped_the_code_logs_in_again(self):
        TOTPDevice.objects.create(user=self.home_affairs, name="authenticator", confirmed=True)
        self.client.force_login(self.home_affairs)
        page = self.client.get("/campaigns/")
        self.assertRedirects(page, "/login/?next=%2Fcampaigns%2F", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
