"""In a real Chromium the size of a phone: a respondent opens their one-time link, answers by tapping, sends once;
the same link opened a second time (another tab left open) cannot send again. Screenshots go to ``screenshots/``."""

import pytest

from parindex.surveys.models import Response
from parindex.surveys.tests.collecting import make_respondent, make_survey
from parindex.tests.browser import PHONE_SCREEN, BrowserTestCase, screenshot

pytestmark = pytest.mark.browser


class PublicFormOnAPhoneTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        survey = make_survey()
        self.respondent = make_respondent(survey, self.commune)
        self.link = f"{self.live_server_url}/s/{self.respondent.token}/"

    def open_on_a_phone(self):
        page = self.browser.phone_page()
        self.addCleanup(page.context.close)
        blocked = []
        page.on(
            "console",
            lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
        )
        response = page.goto(self.link)
        return page, response, blocked

    def test_a_respondents_link_works_once_on_a_phone(self):
        phone, response, blocked = self.open_on_a_phone()
        self.assertEqual(response.status, 200)
        self.assertIsNone(response.request.headers.get("referer"))
        self.assertEqual(response.headers["referrer-policy"], "no-referrer")
        # The respondent also opened the link in a second tab, which stays on the blank form.
        second, _response, _blocked = self.open_on_a_phone()

        self.assertIn("Khảo sát sự hài lòng của người dân (thử)", phone.locator("h1").inner_text())
        self.assertLessEqual(phone.evaluate("document.documentElement.scrollWidth"), PHONE_SCREEN["width"])
        # Every answer is a large touch target, and the stylesheet loaded under the page's strict policy.
        heights = phone.locator("label.choice").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
        self.assertTrue(heights)
        self.assertGreaterEqual(min(heights), 48)
        self.assertEqual(blocked, [])
        q1 = phone.locator("#q-q1")
        q1.get_by_text("Rất hài lòng").tap()
        self.assertTrue(q1.locator("input[value=rat_hai_long]").is_checked())
        phone.locator("#q-kenh").get_by_text("Trực tuyến").tap()
        phone.locator("#q-q2").get_by_text("Hài lòng", exact=True).tap()
        phone.locator("#q-q4").get_by_text("Không biết").tap()
        # Question 3 is required: sending without it says so beside it and keeps the answers.
        phone.get_by_role("button", name="Gửi phiếu trả lời").tap()
        phone.locator("#problems").wait_for()
        self.assertIn("Câu 4", phone.locator("#problems").inner_text())
        self.assertIn("câu hỏi này cần được trả lời", phone.locator("#q-q3").inner_text())
        self.assertTrue(phone.locator("#q-q1 input[value=rat_hai_long]").is_checked())
        screenshot(phone, "60-survey-form-phone-missing-answer")
        phone.locator("#q-q3").get_by_text("Hài lòng", exact=True).tap()
        phone.locator("textarea[name=q-gop_y]").fill("Cán bộ hướng dẫn tận tình")
        self.assertLessEqual(phone.evaluate("document.documentElement.scrollWidth"), PHONE_SCREEN["width"])
        phone.get_by_role("button", name="Gửi phiếu trả lời").tap()
        phone.get_by_role("heading", name="Xin cảm ơn!").wait_for()
        screenshot(phone, "61-survey-form-phone-sent")
        self.assertEqual(Response.objects.filter(respondent=self.respondent).count(), 1)
        saved = Response.objects.get()
        self.assertEqual(saved.answers.get(question__name="gop_y").value, "Cán bộ hướng dẫn tận tình")

        # The second tab sends its own answers: refused, with a clear message; nothing more is recorded.
        second.locator("#q-q1").get_by_text("Không hài lòng").tap()
        second.locator("#q-q3").get_by_text("Không hài lòng").tap()
        with second.expect_response(lambda r: r.request.method == "POST") as posted:
            second.get_by_role("button", name="Gửi phiếu trả lời").tap()
        self.assertEqual(posted.value.status, 409)
        second.get_by_role("heading", name="Phiếu này đã được gửi").wait_for()
        self.assertIn("chỉ dùng được một lần", second.locator("main").inner_text())
        screenshot(second, "62-survey-form-phone-second-submission")
        self.assertEqual(Response.objects.count(), 1)

        # Opening the link again shows that it was used, without a form.
        phone.goto(self.link)
        self.assertIn("Phiếu này đã được gửi", phone.locator("main").inner_text())
        self.assertEqual(phone.locator("form").count(), 0)
