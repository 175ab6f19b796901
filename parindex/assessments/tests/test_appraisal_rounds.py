"""Appraisal: reasons for changes, explanation requests, the unit's answer, round 2, and the zero policy."""

from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import appraisal, workflow
from parindex.assessments.models import Assessment, Question, Score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase


class AppraisalRoundsTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        workflow.save_self_score(
            self.campaign, self.commune, self.leaf["1.1"], "1", False, Actor.of(self.commune_officer)
        )
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.sheet = reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"])

    def appraise(self, code, value, reason="", person=None, **extra):
        """Post the appraiser's input as the leaf's rule takes it (1.1: the option number; 2.2: points)."""
        self.client.force_login(person or self.appraiser)
        url = reverse("assessments:appraise-leaf", args=["c2021", "X-AN", self.leaf[code].pk])
        return self.client.post(url, {"value": value, "reason": reason, **extra}, follow=True)

    def score(self, code):
        return Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.leaf[code])

    def state(self):
        return Assessment.objects.get(campaign=self.campaign, unit=self.commune).state

    def test_confirming_the_self_score_needs_no_reason_and_starts_the_appraisal(self):
        self.appraise("1.1", "1")
        self.assertEqual(self.score("1.1").appraised_score, D("1.00"))
        self.assertEqual(self.state(), Assessment.State.APPRAISING)

    def test_changing_the_self_score_needs_a_reason_which_is_audited_and_shown_to_the_unit(self):
        response = self.appraise("1.1", "2")  # "Chậm": 0,5 point
        self.assertContains(response, "lý do")
        self.assertFalse(self.score("1.1").is_appraised)
        self.appraise("1.1", "2", reason="Kế hoạch ban hành ngày 20/01, chậm 5 ngày")
        score = self.score("1.1")
        self.assertEqual((score.self_score, score.appraised_score, score.final_score), (D(1), D("0.5"), D("0.5")))
        entry = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED, criterion_id=self.leaf["1.1"].pk).get()
        self.assertEqual(entry.reason, "Kế hoạch ban hành ngày 20/01, chậm 5 ngày")
        self.assertEqual(score.appraisal_note, entry.reason)

    def test_the_self_score_stays_visible_beside_the_appraised_one(self):
        self.appraise("1.1", "2", reason="Chậm")
        response = self.client.get(self.sheet)
        self.assertContains(response, "1,00")
        self.assertContains(response, "0,50")

    def test_an_appraiser_never_edits_a_self_score(self):
        self.appraise("1.1", "3", reason="Không có kế hoạch")
        self.assertEqual(self.score("1.1").self_score, D(1))
        self.client.force_login(self.appraiser)
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf["1.1"].pk])
        self.assertEqual(self.client.post(url, {"score_fields": "1", "value": "3"}).status_code, 404)
        self.assertEqual(self.score("1.1").self_score, D(1))

    def test_an_unassigned_appraiser_is_refused(self):
        response = self.appraise("1.1", "1", person=self.idle_appraiser)
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.idle_appraiser)
        self.assertEqual(self.client.get(self.sheet).status_code, 403)

    def test_an_area_appraiser_sees_and_appraises_only_that_area(self):
        area2 = self.framework.criteria.get(code="2")
        appraisal_user = self.person("thamdinh.lv2", None, None)
        from parindex.assessments.models import AppraiserAssignment
        from parindex.org.models import Membership, Role

        Membership.objects.create(user=appraisal_user, unit=self.district, role=Role.APPRAISER)
        AppraiserAssignment.objects.create(campaign=self.campaign, user=appraisal_user, area=area2)
        self.client.force_login(appraisal_user)
        response = self.client.get(self.sheet)
        self.assertContains(response, "Rà soát văn bản QPPL")
        self.assertNotContains(response, "Ban hành kế hoạch CCHC năm đúng hạn")
        self.assertEqual(self.appraise("1.1", "1", person=appraisal_user).status_code, 403)
        self.appraise("2.2", "0", reason="Không rà soát", person=appraisal_user)
        self.assertEqual(self.score("2.2").appraised_score, D(0))

    def test_the_full_explanation_round(self):
        self.client.force_login(self.appraiser)
        ask = reverse("assessments:ask", args=["c2021", "X-AN", self.leaf["1.1"].pk])
        self.client.post(ask, {"question": "Đề nghị cung cấp kế hoạch có số, ngày ban hành"})
        self.appraise("1.1", "2", reason="Chưa thấy kế hoạch")
        self.client.post(reverse("assessments:accept-self-scores", args=["c2021", "X-AN"]))
        self.client.post(reverse("assessments:close-round", args=["c2021", "X-AN"]), {"round": "1", "confirm": "1"})
        self.assertEqual(self.state(), Assessment.State.EXPLANATION_REQUESTED)
        self.assertEqual(self.score("1.1").round1_score, D("0.50"))
        # The unit sees the question and answers; the head sends the explanation.
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "Đề nghị cung cấp kế hoạch")
        question = Question.objects.get()
        self.client.post(
            reverse("assessments:answer", args=["c2021", "X-AN", question.pk]),
            {"answer": "Kế hoạch số 15/KH-UBND ngày 10/01/2021"},
        )
        self.client.force_login(self.commune_head)
        self.client.post(reverse("assessments:send-explanation", args=["c2021", "X-AN"]))
        self.assertEqual(self.state(), Assessment.State.EXPLAINED)
        # Round 2: the appraiser sees round 1 and the answer, restores the point and finishes.
        self.client.force_login(self.appraiser)
        page = self.client.get(self.sheet)
        self.assertContains(page, "Kế hoạch số 15/KH-UBND")
        self.appraise("1.1", "1")
        self.client.post(reverse("assessments:close-round", args=["c2021", "X-AN"]), {"round": "2", "confirm": "1"})
        self.assertEqual(self.state(), Assessment.State.APPRAISED)
        self.assertEqual(self.score("1.1").final_score, D(1))
        self.assertEqual(self.score("1.1").round1_score, D("0.50"))

    def test_the_unit_cannot_answer_after_the_explanation_window(self):
        appraisal.ask(self.campaign, self.commune, self.leaf["1.1"], "Vì sao?", Actor.of(self.appraiser))
        appraisal.accept_self_scores(self.campaign, self.commune, Actor.of(self.appraiser))
        appraisal.close_round1(self.campaign, self.commune, Actor.of(self.appraiser), confirm=True)
        self.campaign.explanation_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        question = Question.objects.get()
        with self.assertRaises(workflow.NotAllowed):
            workflow.answer_question(question, "Trả lời muộn", Actor.of(self.commune_officer))
        appraisal.finish(self.campaign, self.commune, Actor.of(self.appraiser), confirm=True)
        self.assertEqual(self.state(), Assessment.State.APPRAISED)

    def test_an_item_left_empty_by_the_deadline_can_only_be_appraised_at_zero(self):
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        response = self.appraise("2.2", "2", reason="Đơn vị có rà soát")
        self.assertContains(response, "0")
        self.assertFalse(Score.objects.filter(criterion=self.leaf["2.2"], appraised_score__isnull=False).exists())
        self.appraise("2.2", "0", reason="Không tự chấm")
        self.assertEqual(self.score("2.2").appraised_score, D(0))
