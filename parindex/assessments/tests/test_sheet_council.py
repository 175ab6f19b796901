"""Items the council scores (``source: council``) and items only the council may declare not applicable: read-only on
the unit's sheet, never missing, appraised with points by their rule and a required reason, waiting until scored,
and never covered by "accept the unit's self scores"."""

from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.assessments import appraisal, workflow
from parindex.assessments.appraisal import Unappraised
from parindex.assessments.models import Assessment, Evidence, Score
from parindex.assessments.scoring import _SETUPS
from parindex.assessments.tests.decision_set import DecisionSetTestCase
from parindex.assessments.workflow import ConfirmationNeeded, NotAllowed
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.tests.files import make_pdf

HTMX = {"HTTP_HX_REQUEST": "true"}
COUNCIL_NOTE = "Do Hội đồng thẩm định chấm"


class CouncilItemTests(DecisionSetTestCase):
    def setUp(self):
        super().setUp()
        self.council_item = self.criteria["II/3.1"]

    def fill_every_self_item(self):
        save = workflow.save_self_score
        save(self.qd, self.commune, self.criteria["1.1"], "3", False, self.officer)
        for code in ("1.2", "1.3", "3.2"):
            save(
                self.qd,
                self.commune,
                self.criteria[code],
                {"in_numerator": "9", "in_denominator": "10"},
                False,
                self.officer,
            )
        save(
            self.qd, self.commune, self.criteria["I/3.1"], {"in_qua_han": "0", "in_phan_anh": "0"}, False, self.officer
        )

    def score(self, code):
        return Score.objects.filter(campaign=self.qd, unit=self.commune, criterion=self.criteria[code]).first()

    def test_the_unit_sees_the_council_item_read_only_with_the_note(self):
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, "Mức độ chủ động trong chỉ đạo")
        self.assertContains(page, COUNCIL_NOTE)
        save_url = reverse("assessments:save-leaf", args=[self.qd.code, "X-AN", self.council_item.pk])
        self.assertNotContains(page, f'action="{save_url}"')
        with self.assertRaisesMessage(NotAllowed, COUNCIL_NOTE):
            workflow.save_self_score(self.qd, self.commune, self.council_item, "2", False, self.officer)
        self.assertIsNone(self.score("II/3.1"))

    def test_the_council_item_is_never_missing_and_never_blocks_the_submission(self):
        self.fill_every_self_item()
        self.assertEqual(workflow.missing_items(self.qd, self.commune), [])
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head))  # no confirmation needed
        state = Assessment.objects.get(campaign=self.qd, unit=self.commune).state
        self.assertEqual(state, Assessment.State.SUBMITTED)

    def test_only_the_council_may_declare_a_council_declarable_item_not_applicable(self):
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertNotContains(page, 'name="not_applicable"')  # the only N/A-able item is the council's to declare
        self.assertContains(page, "Chỉ Hội đồng thẩm định được xác định tiêu chí này không áp dụng.")
        with self.assertRaisesMessage(NotAllowed, "Chỉ Hội đồng thẩm định được xác định"):
            workflow.save_self_score(self.qd, self.commune, self.criteria["3.2"], "", True, self.officer)
        url = reverse("assessments:save-leaf", args=[self.qd.code, "X-AN", self.criteria["3.2"].pk])
        response = self.client.post(url, {"score_fields": "1", "not_applicable": "1"}, **HTMX)
        self.assertContains(response, "Chỉ Hội đồng thẩm định được xác định")
        self.assertIsNone(self.score("3.2"))
        self.fill_every_self_item()
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head))
        actor = Actor.of(self.appraiser)
        appraisal.appraise(self.qd, self.commune, self.criteria["3.2"], {}, True, "Không phát sinh phản ánh", actor)
        self.assertEqual((self.score("3.2").appraised_na, self.score("3.2").self_score), (True, D("0.90")))

    def test_the_council_item_is_appraised_by_its_rule_with_a_required_reason(self):
        self.fill_every_self_item()
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head))
        actor = Actor.of(self.appraiser)
        with self.assertRaisesMessage(NotAllowed, "Hãy nêu lý do cho điểm Hội đồng thẩm định chấm."):
            appraisal.appraise(self.qd, self.commune, self.council_item, "2,5", False, "", actor)
        with self.assertRaisesMessage(NotAllowed, "bội số của 0,5"):
            appraisal.appraise(self.qd, self.commune, self.council_item, "2,3", False, "x", actor)
        appraisal.appraise(self.qd, self.commune, self.council_item, "2,5", False, "Chủ động, kịp thời", actor)
        score = self.score("II/3.1")
        self.assertEqual((score.appraised_score, score.appraisal_note), (D("2.50"), "Chủ động, kịp thời"))
        self.client.force_login(self.appraiser)
        sheet = self.client.get(reverse("assessments:appraisal-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(sheet, "Lý do (bắt buộc)")
        self.client.force_login(self.commune_officer)
        Assessment.objects.filter(campaign=self.qd, unit=self.commune).update(state=Assessment.State.APPRAISED)
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, "Điểm Hội đồng thẩm định chấm")

    def test_closing_waits_for_the_council_item_and_accepting_self_scores_does_not_cover_it(self):
        self.fill_every_self_item()
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head))
        actor = Actor.of(self.appraiser)
        with self.assertRaises(Unappraised) as refused:
            appraisal.close_round1(self.qd, self.commune, actor, confirm=True)
        self.assertEqual((refused.exception.count, refused.exception.council), (6, 1))
        self.assertIn("Tiêu chí do Hội đồng thẩm định chấm: 1.", str(refused.exception))
        self.assertEqual(appraisal.accept_self_scores(self.qd, self.commune, actor), 5)
        self.assertIsNone(self.score("II/3.1"))  # nothing was written for it
        with self.assertRaises(Unappraised) as still:
            appraisal.close_round1(self.qd, self.commune, actor, confirm=True)
        self.assertEqual((still.exception.count, still.exception.council), (1, 1))
        appraisal.appraise(self.qd, self.commune, self.council_item, "3", False, "Đạt mức cao nhất", actor)
        with self.assertRaises(ConfirmationNeeded):
            appraisal.close_round1(self.qd, self.commune, actor)
        appraisal.close_round1(self.qd, self.commune, actor, confirm=True)
        state = Assessment.objects.get(campaign=self.qd, unit=self.commune).state
        self.assertEqual(state, Assessment.State.APPRAISED)

    def test_the_accept_button_counts_only_what_it_can_accept_and_says_why_the_council_item_waits(self):
        self.fill_every_self_item()
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head))
        self.client.force_login(self.appraiser)
        sheet = self.client.get(reverse("assessments:appraisal-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(sheet, "Chấp nhận điểm tự chấm của đơn vị cho 5 tiêu chí còn lại")
        self.assertContains(sheet, "Tiêu chí do Hội đồng thẩm định chấm: 1. Các tiêu chí này không có điểm tự chấm")
        url = reverse("assessments:accept-self-scores", args=[self.qd.code, "X-AN"])
        done = self.client.post(url, {}, **HTMX)
        self.assertContains(done, "cho 5 tiêu chí")
        self.assertContains(done, "Tiêu chí do Hội đồng thẩm định chấm: 1.")


class CouncilItemEvidenceTests(DecisionSetTestCase):
    """The council scores its items on the files the unit attaches: the unit uploads them, and a required one that is
    not there yet is missing from the unit's file like any other."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Criterion.objects.filter(pk=cls.criteria["II/3.1"].pk).update(evidence_required=True)
        _SETUPS.clear()  # the criteria changed under the cached set-up

    def test_the_unit_attaches_the_evidence_of_a_council_item_and_until_then_it_is_missing(self):
        leaf = self.criteria["II/3.1"]
        self.assertIn(leaf.pk, [c.pk for c, _reason in workflow.missing_items(self.qd, self.commune)])
        self.client.force_login(self.commune_officer)
        upload_url = reverse("assessments:upload-evidence", args=[self.qd.code, "X-AN", leaf.pk])
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, f'action="{upload_url}"')
        response = self.client.post(upload_url, {"files": SimpleUploadedFile("Sáng kiến.pdf", make_pdf())}, follow=True)
        self.assertContains(response, "Sáng kiến.pdf")
        self.assertTrue(Evidence.objects.filter(campaign=self.qd, unit=self.commune, criterion=leaf).exists())
        self.assertNotIn(leaf.pk, [c.pk for c, _reason in workflow.missing_items(self.qd, self.commune)])
        self.assertIsNone(Score.objects.filter(campaign=self.qd, unit=self.commune, criterion=leaf).first())
