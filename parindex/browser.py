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

    def page(self) -> Any:
        context = self._browser.new_context(viewport=OFFICE_SCREEN, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        return context.new_page()

    def close(self) -> None:
        self._browser.close()
        self._manager.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
