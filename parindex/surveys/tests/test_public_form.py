"""The respondent's public form: a one-time link, no login, no referrer, no script, no personal data; refused twice."""

import re
from datetime import timedelta
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.surveys.models import Respondent, Response
from parindex.surveys.public_views import read_started, started_stamp
from parindex.surveys.responses import AlreadyAnswered, record_web_response
from parindex.surveys.tests.collecting import make_respondent, make_survey
from parindex.tests.district import populate_district

GOOD = {"q-kenh": "truc_tiep", "q-q1": "rat_hai_long", "q-q2": "hai_long", "q-q3": "hai_long", "q-gop_y": "Tốt"}


class PublicFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        populate_district(cls)
        cls.survey = make_survey()

    def setUp(self):
        self.respondent = make_respondent(self.survey, self.commune)
        self.url = reverse("survey-form", args=[self.respondent.token])
        patcher = mock.patch("parindex.surveys.public_views.rescore", return_value=0)
        self.rescore = patcher.start()
        self.addCleanup(patcher.stop)

    def submit(self, data, seconds_ago=300):
        stamp = started_stamp(self.respondent.token, timezone.now() - timedelta(seconds=seconds_ago))
        return self.client.post(self.url, {**data, "started": stamp})

    def test_the_link_opens_the_form_without_logging_in_in_vietnamese(self):
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Khảo sát sự hài lòng của người dân (thử)")
        self.assertContains(page, "Về dịch vụ của Xã An Bình")
        self.assertContains(page, '<input type="radio" name="q-q1" value="rat_hai_long">', html=False)
        self.assertContains(page, "Gửi phiếu trả lời")
        self.assertContains(page, "(bắt buộc)")

    def test_the_page_sends_no_referrer_runs_no_script_and_is_never_cached(self):
        page = self.client.get(self.url)
        self.assertEqual(page["Referrer-Policy"], "no-referrer")
        self.assertIn("default-src 'none'", page["Content-Security-Policy"])
        self.assertNotIn("script-src", page["Content-Security-Policy"])
        self.assertEqual(page["Cache-Control"], "no-store")
        self.assertIn("noindex", page["X-Robots-Tag"])
        self.assertEqual(page.cookies, {})  # no session, no CSRF cookie: nothing follows the respondent
        html = page.content.decode()
        self.assertIn('<meta name="referrer" content="no-referrer">', html)
        self.assertNotIn("<script", html)
        self.assertIsNone(re.search(r"\son[a-z]+=", html))  # no inline event handler either

    def test_the_page_shows_no_personal_data(self):
        html = self.client.get(self.url).content.decode()
        for personal in (self.respondent.name, self.respondent.phone, self.respondent.reference):
            self.assertNotIn(personal, html)

    def test_a_submission_is_recorded_once_and_the_link_then_says_so(self):
        response = self.submit(GOOD)
        self.assertContains(response, "Xin cảm ơn!")
        saved = Response.objects.get()
        self.assertEqual(
            (saved.channel, saved.respondent, saved.unit, saved.entered_by, saved.flags),
            (Response.Channel.WEB, self.respondent, self.commune, None, []),
        )
        self.assertEqual(saved.answers.count(), 5)
        self.assertAlmostEqual((saved.submitted_at - saved.started_at).total_seconds(), 300, delta=1)
        self.respondent.refresh_from_db()
        self.assertIsNotNone(self.respondent.token_used_at)
        self.rescore.assert_called_once()
        page = self.client.get(self.url)
        self.assertContains(page, "Phiếu này đã được gửi")
        self.assertNotContains(page, "<form")
        again = self.submit(GOOD)
        self.assertEqual(again.status_code, 409)
        self.assertContains(again, "Mỗi đường dẫn chỉ dùng được một lần nên không thể gửi lại.", status_code=409)
        self.assertEqual(Response.objects.count(), 1)
        entry = AuditEntry.objects.get(action=Action.SURVEY_RESPONSE_RECORDED)
        self.assertEqual(
            (entry.actor, entry.actor_name, entry.after["channel"]),
            (None, "người được khảo sát (phiếu trực tuyến)", "web"),
        )

    def test_a_stale_copy_of_the_respondent_cannot_submit_after_another_submission(self):
        stale = Respondent.objects.select_related("survey").get(pk=self.respondent.pk)
        record_web_response(self.respondent, {"q1": "hai_long", "q3": "hai_long"}, None)
        self.assertIsNone(stale.token_used_at)  # what a racing request read before the first one committed
        with self.assertRaises(AlreadyAnswered):
            record_web_response(stale, {"q1": "rat_hai_long", "q3": "hai_long"}, None)
        self.assertEqual(Response.objects.count(), 1)

    def test_required_questions_and_unknown_answers_are_refused_and_the_answers_kept(self):
        response = self.submit({"q-q1": "xuat_sac", "q-q2": "hai_long"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "2 câu trả lời cần ông/bà xem lại", status_code=400)
        self.assertContains(response, "“xuat_sac” không phải là một lựa chọn của q1", status_code=400)
        self.assertContains(response, "câu hỏi này cần được trả lời", status_code=400)
        self.assertContains(response, 'value="hai_long" checked', status_code=400)
        self.assertFalse(Response.objects.exists())
        self.respondent.refresh_from_db()
        self.assertIsNone(self.respondent.token_used_at)

    def test_answers_given_too_fast_are_flagged(self):
        self.submit(GOOD, seconds_ago=6)  # 6 seconds for 8 questions
        self.assertEqual(Response.objects.get().flags, ["too_fast"])

    def test_straight_lining_is_flagged(self):
        same = {f"q-q{i}": "hai_long" for i in range(1, 6)}
        self.submit(same)
        self.assertEqual(Response.objects.get().flags, ["straight_line"])

    def test_a_tampered_start_time_is_ignored(self):
        self.client.post(self.url, {**GOOD, "started": "1700000000:forged"})
        self.assertIsNone(Response.objects.get().started_at)
        other = make_respondent(self.survey, self.commune)
        self.assertIsNone(read_started(other.token, started_stamp(self.respondent.token)))

    def test_a_post_from_a_browser_that_sends_no_referrer_is_accepted(self):
        client = self.client_class(enforce_csrf_checks=True)
        stamp = started_stamp(self.respondent.token)
        response = client.post(self.url, {**GOOD, "started": stamp}, headers={"Origin": "null"})
        self.assertContains(response, "Xin cảm ơn!")

    def test_an_unknown_link_is_not_found(self):
        self.assertEqual(self.client.get(reverse("survey-form", args=["khong-co-ma-nay"])).status_code, 404)

    def test_the_form_reads_a_fixed_number_of_queries(self):
        with self.assertNumQueries(3):
            self.client.get(self.url)
