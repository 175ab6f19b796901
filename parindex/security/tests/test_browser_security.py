"""In Chromium: the Content-Security-Policy is enforced and watched, the lockout is explained on the log-in page, and
two-step verification is set up and used from the pages."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.security.tests.support import current_code, later
from parindex.tests.browser import BrowserTestCase

pytestmark = pytest.mark.browser


class SecurityInTheBrowserTests(BrowserTestCase):
    def test_an_inline_script_is_refused_and_the_refusal_is_caught(self):
        self.page.goto(self.live_server_url + "/login/")
        self.page.evaluate(
            "() => { const b = document.createElement('button'); b.setAttribute('onclick', 'window.ran = 1');"
            " document.body.append(b); b.click(); }"
        )
        self.assertIsNone(self.page.evaluate("() => window.ran"))
        violations = self.browser.take_csp_violations()
        self.assertTrue(any("Content Security Policy" in text for text in violations), violations)

    def test_wrong_passwords_lock_the_log_in_with_the_reason_then_two_step_verification_guards_it(self):
        page = self.page
        page.goto(self.live_server_url + "/login/")
        for _ in range(5):
            page.get_by_label("Tên đăng nhập").fill("canbo.binh")
            page.get_by_label("Mật khẩu").fill("sai-mat-khau")
            with page.expect_navigation():  # each answer arrives before the next try
                page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Đăng nhập sai quá nhiều lần").wait_for()
        self.assertIn("15 phút", page.locator("p.error").inner_text())

        # Another person, from another browser (the lock is on that user name and that address: the live server
        # sees one address, so the lock is lifted as an administrator would, with `parindex axes_reset`).
        from django.core.management import call_command

        call_command("axes_reset", verbosity=0)
        self.log_in("noivu")
        page.get_by_role("link", name="noivu").click()
        page.get_by_role("button", name="Thiết lập xác thực hai bước").click()
        secret = page.locator(".totp-secret").inner_text()
        self.assertRegex(secret, r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$")
        self.assertEqual(page.locator(".totp-qr svg").count(), 1)
        device = TOTPDevice.objects.get(user=self.home_affairs)
        page.get_by_label("Mã từ ứng dụng xác thực").fill(current_code(device))
        page.get_by_role("button", name="Bật", exact=True).click()
        page.get_by_text("Đã bật xác thực hai bước").wait_for()
        self.assertNotIn(secret, page.content())

        with later(60):
            self.page.context.clear_cookies()
            page.goto(self.live_server_url + "/login/?next=/plans/")
            page.get_by_label("Tên đăng nhập").fill("noivu")
            page.get_by_label("Mật khẩu").fill("pw-noivu")
            with page.expect_navigation():  # the password is checked before the code is asked for
                page.get_by_role("button", name="Đăng nhập").click()
            # Said with what the page shows, so that a refusal here names itself.
            self.assertRegex(page.url, r"/login/code/$", page.locator("main").inner_text()[:500])
            page.get_by_label("Mã từ ứng dụng xác thực").fill(current_code(device))
            page.get_by_role("button", name="Xác nhận").click()
            page.wait_for_url(re.compile(r"/plans/$"))

    def test_the_administration_and_the_api_docs_run_under_the_policy(self):
        self.home_affairs.is_staff = True
        self.home_affairs.is_superuser = True
        self.home_affairs.save()
        self.log_in("noivu")
        for path in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/org/unit/", "/api/v1/docs"):
            self.page.goto(self.live_server_url + path)
            self.page.wait_for_load_state("networkidle")
            self.assertEqual(self.browser.csp_violations, [], path)
