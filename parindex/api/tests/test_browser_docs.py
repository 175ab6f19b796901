"""In a real Chromium: the API's docs page renders every route from the site alone, under the strict
Content-Security-Policy (BrowserTestCase fails a test whose page broke it)."""

from __future__ import annotations

import pytest

from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser


class ApiDocsInTheBrowserTests(BrowserTestCase):
    def test_the_docs_page_shows_every_route_and_asks_nothing_of_another_site(self):
        requested: list[str] = []
        self.page.on("request", lambda request: requested.append(request.url))
        self.page.goto(self.live_server_url + "/api/v1/docs")
        self.page.locator(".swagger-ui .info .title").wait_for()
        self.assertIn("parindex API", self.page.locator(".swagger-ui .info .title").inner_text())
        self.page.locator(".opblock-summary-path", has_text="/api/v1/campaigns/{code}/ranking").wait_for()
        self.assertEqual(self.page.locator(".opblock").count(), 16)
        self.assertTrue(self.page.get_by_role("button", name="Authorize").is_visible())
        screenshot(self.page, "api-docs")
        outside = [url for url in requested if not url.startswith((self.live_server_url, "data:", "blob:"))]
        self.assertEqual(outside, [])
        self.assertIn(self.live_server_url + "/api/v1/openapi.json", requested)
