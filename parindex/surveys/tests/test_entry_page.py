"""The data-entry page: staff type paper forms by the answers' numbers, one after another, with running counts."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Role
from parindex.surveys.models import Response
from parindex.surveys.tests.collecting import make_survey
from parindex.tests.district import DistrictTestCase

START = reverse("surveys:entry-start")
PAGE = reverse("surveys:entry", args=["sipas-test", "X-AN"])


def typed(form_number="", **answers):
    data = {"form_number": form_number}
    data.update({"q-" + name: value for name, value in answers.items()})
    return data


class EntryPageTests(DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        patcher = mock.patch("parindex.surveys.collect_views.rescore", return_value=0)
        self.rescore = patcher.start()
        self.addCleanup(patcher.stop)
        self.client.force_login(self.home_affairs)

    def test_staff_choose_the_survey_and_the_unit_first(self):
        page = self.client.get(START)
        self.assertContains(page, "Khảo sát sự hài lòng của người dân (thử)")
        self.assertContains(page, '<option value="X-AN">Xã An Bình</option>', html=True)
        response = self.client.get(START, {"survey": "sipas-test", "unit": "X-AN"})
        self.assertRedirects(response, PAGE)

    def test_a_form_typed_by_numbers_is_saved_with_who_typed_it(self):
        page = self.client.get(PAGE)
        self.assertContains(page, "<kbd>1</kbd> Rất hài lòng", html=False)
        self.assertContains(page, "autofocus")
        response = self.client.post(PAGE, typed("17", kenh="2", q1="1", q2="2", q3="5", q4="hai_long", tuoi="45"))
        self.assertRedirects(response, PAGE, fetch_redirect_response=False)
        saved = Response.objects.get()
        self.assertEqual(
            (saved.channel, saved.entered_by, saved.unit, saved.external_id),
            (Response.Channel.ENTRY, self.home_affairs, self.commune, "17"),
        )
        answers = {a.question.name: a.value for a in saved.answers.select_related("question")}
        self.assertEqual(
            answers,
            {
                "kenh": "truc_tuyen",
                "q1": "rat_hai_long",
                "q2": "hai_long",
                "q3": "khong_biet",
                "q4": "hai_long",
                "tuoi": "45",
            },
        )
        entry = AuditEntry.objects.get(action=Action.SURVEY_RESPONSE_RECORDED)
        self.assertEqual(
            (entry.actor, entry.unit_id, entry.after["channel"]), (self.home_affairs, self.commune.pk, "entry")
        )
        self.rescore.assert_called_once()
        self.assertEqual(self.rescore.call_args.args[3], [self.commune.pk])
        page = self.client.get(PAGE)
        self.assertContains(page, "Đã lưu phiếu số 17.")
        self.assertContains(page, "Hôm nay bạn đã nhập <strong>1</strong> phiếu")

    def test_an_answer_outside_the_choices_is_refused_and_the_typing_is_kept(self):
        response = self.client.post(PAGE, typed("18", q1="7", q2="2", tuoi="bốn mươi"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Phiếu chưa được lưu", status_code=400)
        self.assertContains(
            response, "“7” không phải là một lựa chọn của q1: 1 (Rất hài lòng), 2 (Hài lòng)", status_code=400
        )
        self.assertContains(response, "“bốn mươi” không phải là số", status_code=400)
        self.assertContains(response, 'name="q-q2" value="2"', status_code=400)
        self.assertContains(response, 'name="form_number" value="18"', status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_the_same_paper_form_cannot_be_typed_twice(self):
        with time_machine.travel(datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
            self.client.force_login(self.home_affairs)  # a session of that moment, whatever the suite's clock
            self.client.post(PAGE, typed("19", q1="1"))
            response = self.client.post(PAGE, typed("19", q1="2"))
        self.assertContains(response, "phiếu số 19 đã được noivu nhập lúc 18/11/2026 09:00", status_code=400)
        self.assertEqual(Response.objects.count(), 1)

    def test_an_empty_form_is_refused(self):
        response = self.client.post(PAGE, typed("20"))
        self.assertContains(response, "phiếu trống", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_the_running_counts_are_today_by_this_person_and_for_the_unit(self):
        colleague = self.person("noivu2", Role.HOME_AFFAIRS, self.district)
        with time_machine.travel(timezone.now() - timedelta(days=1)):
            self.client.post(PAGE, typed(q1="1"))
        self.client.post(PAGE, typed(q1="1"))
        self.client.post(PAGE, typed(q1="2"))
        self.client.post(reverse("surveys:entry", args=["sipas-test", "X-BINH"]), typed(q1="2"))
        self.client.force_login(colleague)
        self.client.post(PAGE, typed(q1="3"))
        self.client.force_login(self.home_affairs)
        page = self.client.get(PAGE)
        counts = page.context["counts"]
        self.assertEqual((counts["mine_today"], counts["unit_today"], counts["unit_total"]), (3, 3, 4))
        self.assertContains(page, "Đơn vị này có 4 phiếu, hôm nay 3 phiếu")

    def test_straight_lined_forms_are_saved_and_flagged(self):
        self.client.post(PAGE, typed(q1="2", q2="2", q3="2", q4="2", q5="2"))
        self.assertEqual(Response.objects.get().flags, ["straight_line"])
        self.assertContains(self.client.get(PAGE), "Cần xem lại: cùng một câu trả lời cho mọi câu hỏi.")

    def test_only_those_who_run_surveys_type_forms_and_only_for_their_units(self):
        for user in (self.commune_officer, self.commune_head, self.appraiser, self.viewer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(PAGE).status_code, 403, user.username)
            self.assertEqual(self.client.post(PAGE, typed(q1="1")).status_code, 403, user.username)
        self.client.force_login(self.commune_home_affairs)
        self.assertEqual(self.client.get(PAGE).status_code, 200)
        other = reverse("surveys:entry", args=["sipas-test", "X-BINH"])
        self.assertEqual(self.client.post(other, typed(q1="1")).status_code, 404)
        self.assertEqual(Response.objects.count(), 0)

    def test_the_page_reads_a_fixed_number_of_queries(self):
        self.client.get(PAGE)
        with self.assertNumQueries(9):
            self.client.get(PAGE)
        for _ in range(5):
            self.client.post(PAGE, typed(q1="1", q2="2"))
        self.client.get(PAGE)
        with self.assertNumQueries(9):
            self.client.get(PAGE)
