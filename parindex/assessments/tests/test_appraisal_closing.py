"""Closing a round or finishing waits until every item is appraised, or the appraiser accepts the unit's self scores
for the remaining ones (all, or one area, within their assignments); each closing asks for a confirmation that says
what happens next."""

import time
from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import appraisal, workflow
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Result, Score
from parindex.assessments.services import ScoreRow, Stage, store_scores
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.benchmarks import scoring as bench
from parindex.org.models import Role
from parindex.tests.district import DistrictTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}
ACCEPTED = "chấp nhận điểm tự chấm của đơn vị"


class ClosingWithItemsLeftTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.1"], "1", False, officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.2"], "95", False, officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["2.2"], "", True, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.actor = Actor.of(self.appraiser)
        self.client.force_login(self.appraiser)

    def url(self, name):
        return reverse(f"assessments:{name}", args=["c2021", "X-AN"])

    def close(self, round_="1", confirm=True, **headers):
        data = {"round": round_, **({"confirm": "1"} if confirm else {})}
        return self.client.post(self.url("close-round"), data, **headers)

    def score(self, code):
        return Score.objects.filter(campaign=self.campaign, unit=self.commune, criterion=self.leaf[code]).first()

    def state(self):
        return Assessment.objects.get(campaign=self.campaign, unit=self.commune).state

    def test_closing_round_1_with_items_unappraised_is_refused_then_allowed_after_accepting_the_remaining(self):
        appraisal.appraise(self.campaign, self.commune, self.leaf["1.1"], "2", False, "Ban hành chậm", self.actor)
        refused = self.close()
        self.assertContains(refused, "Còn 5 tiêu chí chưa thẩm định")
        self.assertContains(refused, "Chấp nhận điểm tự chấm của đơn vị cho 5 tiêu chí còn lại")
        self.assertEqual(self.state(), Assessment.State.APPRAISING)
        accepted = self.client.post(self.url("accept-self-scores"), follow=True)
        self.assertContains(accepted, "Đã chấp nhận điểm tự chấm của đơn vị cho 5 tiêu chí.")
        asked = self.close(confirm=False)
        self.assertContains(asked, "Không có yêu cầu giải trình")
        self.assertContains(asked, '<input type="hidden" name="confirm" value="1">')
        self.assertEqual(self.state(), Assessment.State.APPRAISING)
        self.close()
        self.assertEqual(self.state(), Assessment.State.APPRAISED)
        self.assertEqual(self.score("1.1").round1_score, D("0.50"))
        self.assertContains(self.close(), "Vòng 1 của đơn vị này đã kết thúc.")

    def test_the_service_refuses_naming_the_count_then_closes_after_accepting(self):
        with self.assertRaises(appraisal.Unappraised) as refused:
            appraisal.close_round1(self.campaign, self.commune, self.actor, confirm=True)
        self.assertEqual(refused.exception.count, 6)
        self.assertEqual(appraisal.accept_self_scores(self.campaign, self.commune, self.actor), 6)
        appraisal.close_round1(self.campaign, self.commune, self.actor, confirm=True)
        self.assertEqual(self.state(), Assessment.State.APPRAISED)

    def test_accepting_writes_each_self_score_as_the_appraised_one_audited_with_the_reason(self):
        appraisal.appraise(self.campaign, self.commune, self.leaf["1.1"], "2", False, "Ban hành chậm", self.actor)
        missing_before = Result.objects.get(campaign=self.campaign, unit=self.commune).missing
        self.assertEqual(appraisal.accept_self_scores(self.campaign, self.commune, self.actor), 5)
        self.assertEqual(self.score("1.1").appraised_score, D("0.50"))  # appraised before: untouched
        self.assertEqual(self.score("1.2").appraised_score, D("2.00"))
        self.assertTrue(self.score("2.2").appraised_na)
        for code in ("1.3", "9.1", "9.2"):  # left empty by the unit: it counted 0, and is appraised at 0
            self.assertEqual(self.score(code).appraised_score, D("0.00"))
        self.assertIsNone(self.score("2.1"))  # the indicator's leaf has its own figure
        entries = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED, reason=ACCEPTED)
        self.assertEqual(entries.count(), 5)
        self.assertEqual(set(entries.values_list("actor_name", flat=True)), {"thamdinh"})
        self.assertLess(Result.objects.get(campaign=self.campaign, unit=self.commune).missing, missing_before)

    def test_accepting_one_area_leaves_the_others_waiting(self):
        area = self.framework.criteria.get(code="1")
        response = self.client.post(self.url("accept-self-scores"), {"area": area.pk}, **HTMX)
        self.assertTemplateUsed(response, "assessments/_appraisal_body.html")
        self.assertContains(response, "Đã chấp nhận điểm tự chấm của đơn vị cho 3 tiêu chí.")
        self.assertTrue(all(self.score(code).is_appraised for code in ("1.1", "1.2", "1.3")))
        self.assertFalse(self.score("2.2").is_appraised)

    def test_an_area_appraiser_accepts_only_within_their_area(self):
        area_appraiser = self.person("thamdinh.lv2", Role.APPRAISER, self.district)
        AppraiserAssignment.objects.create(
            campaign=self.campaign, user=area_appraiser, area=self.framework.criteria.get(code="2")
        )
        self.client.force_login(area_appraiser)
        page = self.client.get(reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "Chấp nhận điểm tự chấm của đơn vị cho 1 tiêu chí còn lại")
        self.assertContains(page, "Trong đó 5 tiêu chí thuộc lĩnh vực do thành viên thẩm định khác phụ trách.")
        self.client.post(self.url("accept-self-scores"))
        self.assertTrue(self.score("2.2").appraised_na)
        self.assertFalse(self.score("1.1").is_appraised)
        self.assertEqual(appraisal.accept_self_scores(self.campaign, self.commune, Actor.of(area_appraiser)), 0)

    def test_accepting_is_refused_to_people_not_appraising_the_unit(self):
        before = AuditEntry.objects.count()
        for person in (self.idle_appraiser, self.home_affairs, self.viewer, self.commune_head, self.outsider):
            with self.subTest(person=person.username):
                self.client.force_login(person)
                self.assertIn(self.client.post(self.url("accept-self-scores")).status_code, (403, 404))
                self.assertIn(self.close().status_code, (403, 404))
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_accepting_is_refused_before_submission_and_once_the_results_are_locked(self):
        with self.assertRaisesMessage(workflow.NotAllowed, "chưa nộp"):
            appraisal.accept_self_scores(self.campaign, self.other_commune, self.actor)
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.LOCKED)
        self.campaign.refresh_from_db()
        with self.assertRaises(workflow.NotAllowed):
            appraisal.accept_self_scores(self.campaign, self.commune, self.actor)
        self.assertFalse(Score.objects.filter(appraised_score__isnull=False).exists())

    def test_accepting_twice_writes_nothing_the_second_time(self):
        appraisal.accept_self_scores(self.campaign, self.commune, self.actor)
        before = AuditEntry.objects.count()
        self.assertEqual(appraisal.accept_self_scores(self.campaign, self.commune, self.actor), 0)
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_items_zeroed_by_the_lateness_policy_do_not_block_and_are_left_to_the_lock(self):
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        with self.assertRaises(appraisal.Unappraised) as refused:
            appraisal.close_round1(self.campaign, self.commune, self.actor, confirm=True)
        self.assertEqual(refused.exception.count, 5)  # 1.3 waits for the lock's 0, not for an appraiser
        self.assertEqual(appraisal.accept_self_scores(self.campaign, self.commune, self.actor), 5)
        self.assertIsNone(self.score("1.3"))
        self.assertEqual(self.score("9.1").appraised_score, D("0.00"))  # a bonus the unit did not claim
        appraisal.close_round1(self.campaign, self.commune, self.actor, confirm=True)
        self.assertEqual(self.state(), Assessment.State.APPRAISED)

    def test_closing_without_confirmation_says_the_questions_go_to_the_unit_with_the_deadline(self):
        self.campaign.explanation_closes_at = timezone.make_aware(timezone.datetime(2026, 11, 27, 17, 0))
        self.campaign.save()
        appraisal.ask(self.campaign, self.commune, self.leaf["1.1"], "Đề nghị gửi kế hoạch", self.actor)
        appraisal.accept_self_scores(self.campaign, self.commune, self.actor)
        page = self.client.get(reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "1 yêu cầu giải trình sẽ được gửi đến đơn vị; đơn vị giải trình đến 17:00")
        response = self.close(confirm=False, **HTMX)
        self.assertTemplateUsed(response, "assessments/_appraisal_body.html")
        self.assertContains(response, "Kết thúc vòng 1 đối với đơn vị này?")
        self.assertContains(response, "17:00 ngày 27/11/2026")
        self.assertEqual(self.state(), Assessment.State.APPRAISING)
        done = self.close(**HTMX)
        self.assertContains(done, "Đã kết thúc vòng 1.")
        self.assertEqual(self.state(), Assessment.State.EXPLANATION_REQUESTED)

    def test_finishing_round_2_with_items_unappraised_is_refused_then_confirmed(self):
        Assessment.objects.filter(campaign=self.campaign, unit=self.commune).update(state=Assessment.State.EXPLAINED)
        refused = self.close("2")
        self.assertContains(refused, "Còn 6 tiêu chí chưa thẩm định")
        self.client.post(self.url("accept-self-scores"))
        asked = self.close("2", confirm=False)
        self.assertContains(asked, "Việc thẩm định đơn vị này kết thúc: đơn vị chuyển sang bước “Đã thẩm định”")
        self.assertEqual(self.state(), Assessment.State.EXPLAINED)
        self.close("2")
        self.assertEqual(self.state(), Assessment.State.APPRAISED)


class AcceptingIsFastTests(DistrictTestCase):
    def test_accepting_100_self_scores_takes_well_under_a_second(self):
        data = bench.build("perf", units=200, leaves=100)
        unit = data.campaign.units().order_by("code").first()
        leaves = list(data.campaign.framework.criteria.filter(is_leaf=True))
        actor = Actor.command_line("tests")
        rows = [
            ScoreRow(unit.pk, leaf, D("0.50") if leaf.rule_object.type != "choice" else D("1"), False)
            for leaf in leaves
        ]
        store_scores(data.campaign, Stage.SELF, rows, actor, "tự chấm", unit=unit)
        Assessment.objects.filter(campaign=data.campaign, unit=unit).update(state=Assessment.State.SUBMITTED)
        appraiser = self.person("thamdinh.perf", Role.APPRAISER, unit.parent)
        AppraiserAssignment.objects.create(campaign=data.campaign, user=appraiser, unit=unit)
        start = time.perf_counter()
        count = appraisal.accept_self_scores(data.campaign, unit, Actor.of(appraiser))
        elapsed = time.perf_counter() - start
        self.assertEqual(count, 100)
        self.assertLess(elapsed, 0.5)
        self.assertEqual(
            Score.objects.filter(campaign=data.campaign, unit=unit, appraised_score__isnull=False).count(), 100
        )
