"""Real-browser tests: Debian's chromium driven by Playwright (no browser download; government networks are closed).

``scripts/install-browser.sh`` installs chromium. Without it the browser tests are skipped, unless
``PARINDEX_REQUIRE_BROWSER=1`` (set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from parindex.tests.district import populate_district

CHROMIUM = os.environ.get("PARINDEX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("PARINDEX_SCREENSHOTS", Path.cwd() / "screenshots"))
# The closed network refuses Chromium's background connections; these flags stop it from trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi-VN",
]
OFFICE_SCREEN: Any = {"width": 1366, "height": 768}  # Playwright's ViewportSize
PHONE_SCREEN: Any = {"width": 390, "height": 844}  # a common phone, held upright


def require_browser() -> None:
    """Skip (or fail under CI) when chromium or Playwright is missing."""
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"chromium not found at {CHROMIUM} (run scripts/install-browser.sh)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed"
    if missing:
        if os.environ.get("PARINDEX_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


class Browser:
    """One headless Chromium for a test class, Vietnamese locale, a 1366×768 office screen."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
        # synchronous, so its async-safety check does not apply here.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self._manager = sync_playwright().start()
        self._browser = self._manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # What Chromium refused under the Content-Security-Policy (an inline script or style, an outside source), on
        # any page of this browser: BrowserTestCase fails the test that caused it.
        self.csp_violations: list[str] = []

    def _watch(self, context: Any) -> Any:
        def on_console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.csp_violations.append(f"{message.location.get('url', '')}: {message.text}")

        context.on("console", on_console)
        return context

    def take_csp_violations(self) -> list[str]:
        found, self.csp_violations = self.csp_violations, []
        return found

    def page(self) -> Any:
        context = self._browser.new_context(viewport=OFFICE_SCREEN, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        return self._watch(context).new_page()

    def phone_page(self) -> Any:
        """A page as a phone shows it: 390×844, touch, Vietnamese (the survey form a respondent opens)."""
        context = self._browser.new_context(
            viewport=PHONE_SCREEN,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            is_mobile=True,
            has_touch=True,
            device_scale_factor=3,
        )
        return self._watch(context).new_page()

    def close(self) -> None:
        self._browser.close()
        self._manager.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server, one Chromium for the class and a fresh page per test, with the district of
    :func:`parindex.tests.district.populate_district` and helpers to log in and to check the page fits the screen."""

    browser: Browser
    page: Any

    @classmethod
    def setUpClass(cls) -> None:
        require_browser()
        super().setUpClass()
        cls.browser = Browser()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        populate_district(self)
        self.page = self.browser.page()

    def tearDown(self) -> None:
        self.page.context.close()
        violations = self.browser.take_csp_violations()
        super().tearDown()
        self.assertEqual(violations, [], "the page broke the Content-Security-Policy")

    def log_in(self, username: str) -> None:
        """Log in through the login page (password ``pw-<username>``), starting from no session."""
        self.page.context.clear_cookies()
        self.page.goto(self.live_server_url + "/login/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill("pw-" + username)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(lambda url: "/login/" not in url)

    def assert_in_view(self, locator: Any) -> None:
        """The element is wholly inside the window as it is scrolled now: the user sees it without scrolling."""
        inside = locator.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }"
        )
        self.assertTrue(inside, locator.inner_text()[:200])

    def assert_fits_the_screen(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, OFFICE_SCREEN["width"])
