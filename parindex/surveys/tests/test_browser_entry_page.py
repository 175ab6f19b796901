"""In a real Chromium: Home Affairs staff type two paper forms with the keyboard only (numbers, Enter, Tab), the
running count follows, a wrong number is marked at once and refused by the server. Screenshots: ``screenshots/``."""

import pytest

from parindex.surveys.models import Response
from parindex.surveys.tests.collecting import make_survey
from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser


class EntryPageInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        make_survey()

    def focused(self):
        return self.page.evaluate("document.activeElement.name")

    def wait_for_focus(self, name):
        """After a page load: the page's script (deferred) puts the cursor where typing goes on."""
        self.page.wait_for_function(f"() => document.activeElement && document.activeElement.name === '{name}'")

    def test_paper_forms_are_typed_with_the_keyboard_only(self):
        self.log_in("noivu")
        self.page.goto(self.live_server_url + "/surveys/entry/")
        self.page.get_by_label("Khảo sát", exact=True).select_option("sipas-test")
        self.page.get_by_label("Đơn vị", exact=True).select_option("X-AN")
        self.page.get_by_role("button", name="Bắt đầu nhập").click()
        self.page.wait_for_url("**/surveys/sipas-test/entry/X-AN/")
        keyboard = self.page.keyboard

        self.wait_for_focus("form_number")
        keyboard.type("21")
        keyboard.press("Enter")  # moves on, does not save
        self.assertEqual(self.focused(), "q-kenh")
        keyboard.type("2")
        chosen = self.page.locator("#q-kenh ~ .entry-choices li[data-number='2']")
        self.assertIn("chosen", chosen.get_attribute("class"))
        keyboard.press("Enter")
        keyboard.type("1")
        keyboard.press("Tab")
        self.assertEqual(self.focused(), "q-q2")
        keyboard.type("9")  # not on the list: marked at once
        self.assertEqual(self.page.locator("#q-q2").get_attribute("aria-invalid"), "true")
        for _ in range(5):
            keyboard.press("Enter")
        self.assertEqual(self.focused(), "q-gop_y")
        keyboard.press("Enter")  # the last one saves: the server refuses the 9 and puts the focus on it
        self.page.locator("#entry-errors").wait_for()
        self.wait_for_focus("q-q2")
        self.assertIn("“9” không phải là một lựa chọn của q2", self.page.locator("main").inner_text())
        screenshot(self.page, "63-survey-entry-refused")
        keyboard.type("2")  # the wrong answer was selected: typing replaces it
        for _ in range(6):
            keyboard.press("Enter")
        self.page.locator(".messages", has_text="Đã lưu phiếu số 21.").wait_for()
        self.assertIn("Hôm nay bạn đã nhập 1 phiếu", self.page.locator("#entry-counts").inner_text())
        self.wait_for_focus("form_number")  # a blank form, ready for the next one

        keyboard.type("22")
        for answer in ("1", "2", "2", "1", "3", "5"):
            keyboard.press("Enter")
            keyboard.type(answer)
        keyboard.press("Enter")
        keyboard.press("Enter")
        keyboard.type("Cán bộ nhiệt tình")
        keyboard.press("Enter")
        self.page.locator(".messages", has_text="Đã lưu phiếu số 22.").wait_for()
        self.assertIn("Hôm nay bạn đã nhập 2 phiếu", self.page.locator("#entry-counts").inner_text())
        self.assert_fits_the_screen()
        screenshot(self.page, "64-survey-entry-next-form")

        first, second = Response.objects.order_by("pk")
        self.assertEqual(
            {a.question.name: a.value for a in first.answers.all()},
            {"kenh": "truc_tuyen", "q1": "rat_hai_long", "q2": "hai_long"},
        )
        self.assertEqual(second.answers.get(question__name="q4").value, "chua_hai_long")
        self.assertEqual(second.answers.get(question__name="gop_y").value, "Cán bộ nhiệt tình")
