"""The answers' security headers: a strict Content-Security-Policy, and no cache for pages that carry unit data."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from parindex.tests.district import DistrictTestCase

PARINDEX = Path(settings.BASE_DIR)
# What the Content-Security-Policy refuses in a template: inline scripts, on* handlers, style elements and attributes.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|<style\b|\sstyle\s*=", re.IGNORECASE)


class ContentSecurityPolicyTest(DistrictTestCase):
    def test_every_page_carries_a_policy_that_allows_only_the_applications_own_scripts_and_styles(self):
        self.client.force_login(self.home_affairs)
        for url in ("/login/", "/campaigns/", "/public/"):
            with self.subTest(url=url):
                policy = self.client.get(url)["Content-Security-Policy"]
                directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
                self.assertEqual(directives["default-src"], "'self'")
                self.assertEqual(directives["script-src"], "'self'")
                self.assertEqual(directives["style-src"], "'self'")
                self.assertEqual(directives["frame-ancestors"], "'none'")
                self.assertEqual(directives["object-src"], "'none'")
                self.assertNotIn("unsafe", policy)


class NoInlineCodeTest(SimpleTestCase):
    def test_no_template_holds_an_inline_script_an_event_handler_or_a_style(self):
        found = []
        for template in sorted(PARINDEX.rglob("templates/**/*.html")):
            for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
                if INLINE.search(line):
                    found.append(f"{template.relative_to(PARINDEX)}:{number}: {line.strip()[:120]}")
        self.assertEqual(found, [])

    def test_the_pattern_finds_what_the_policy_refuses(self):
        for line in ('<select onchange="x()">', "<script>go()</script>", "<style>p{}</style>", '<p style="x">'):
            self.assertRegex(line, INLINE)
        for line in ('<script src="/static/a.js" defer></script>', '<p class="one">', "<a data-print>"):
            self.assertNotRegex(line, INLINE)


class PrivatePagesTest(DistrictTestCase):
    def test_a_page_and_an_export_for_a_logged_in_person_are_never_stored(self):
        self.client.force_login(self.home_affairs)
        for url in ("/campaigns/", f"/campaigns/{self.campaign.code}/ranking/export.xlsx"):
            with self.subTest(url=url):
                answer = self.client.get(url)
                self.assertEqual(answer.status_code, 200)
                directives = {part.strip() for part in answer["Cache-Control"].split(",")}
                self.assertLessEqual({"private", "no-store"}, directives)
                self.assertNotIn("public", directives)

    def test_an_api_request_with_a_token_is_never_stored(self):
        answer = self.client.get("/public/", headers={"authorization": "Bearer something"})
        self.assertIn("no-store", answer["Cache-Control"])

    def test_public_pages_for_anyone_keep_their_caching(self):
        answer = self.client.get("/public/")
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn("no-store", answer.get("Cache-Control", ""))
