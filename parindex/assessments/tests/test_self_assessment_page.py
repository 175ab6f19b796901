"""The unit's self-assessment sheet: rule-shaped inputs, running totals over HTMX, locks at the deadline."""

from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from parindex.assessments.models import Assessment, Score
from parindex.audit.models import Action, AuditEntry
from parindex.tests.district import DistrictTestCase


class SelfAssessmentPageTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        self.sheet = reverse("assessments:unit-sheet", args=["c2021", "X-AN"])

    def save(self, code, value="", htmx=True, **extra):
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf[code].pk])
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(url, {"score_fields": "1", "value": value, **extra}, headers=headers)

    def score(self, code):
        return Score.objects.filter(campaign=self.campaign, unit=self.commune, criterion=self.leaf[code]).first()

    def test_it_shows_every_leaf_with_its_rule_in_words(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.sheet)
        self.assertContains(response, "Ban hành kế hoạch CCHC năm đúng hạn")
        self.assertContains(response, "Đúng hạn")  # the choice list of 1.1
        self.assertContains(response, 'name="not_applicable"', count=1)  # only 2.2 allows it
        self.assertContains(response, "Tỷ lệ hồ sơ giải quyết đúng hạn”; đơn vị không phải nhập")  # 2.1: an indicator

    def test_a_choice_is_scored_by_its_option_and_the_totals_follow(self):
        self.client.force_login(self.commune_officer)
        response = self.save("1.1", "2")  # "Chậm": 0.5 point
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="totals" hx-swap-oob="true"')
        score = self.score("1.1")
        self.assertEqual((score.self_value, score.self_score), (D(2), D("0.50")))
        self.assertEqual(self.campaign.results.get(unit=self.commune).points, D("0.50"))
        state = Assessment.objects.get(campaign=self.campaign, unit=self.commune).state
        self.assertEqual(state, Assessment.State.IN_PROGRESS)

    def test_a_measured_value_is_turned_into_points_by_its_bands(self):
        self.client.force_login(self.commune_officer)
        self.save("1.2", "85,5")
        self.assertEqual(self.score("1.2").self_score, D("1.00"))
        self.save("1.3", "2")  # two late reports, 0.25 each
        self.assertEqual(self.score("1.3").self_score, D("0.50"))

    def test_input_that_does_not_fit_the_rule_is_explained_and_saves_nothing(self):
        self.client.force_login(self.commune_officer)
        response = self.save("1.3", "1,5")
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, "số nguyên")
        response = self.save("2.2", "0,3")  # manual with step 0.25
        self.assertContains(response, "bội số của 0,25")
        self.assertIsNone(self.score("1.3"))
        self.assertIsNone(self.score("2.2"))

    def test_not_applicable_is_offered_only_where_allowed(self):
        self.client.force_login(self.commune_officer)
        self.save("2.2", "", not_applicable="1")
        self.assertTrue(self.score("2.2").self_na)
        response = self.save("1.1", "", not_applicable="1")
        self.assertContains(response, "không áp dụng")
        self.assertIsNone(self.score("1.1"))

    def test_an_indicator_leaf_cannot_be_typed_over(self):
        self.client.force_login(self.commune_officer)
        response = self.save("2.1", "100")
        self.assertContains(response, "Tính từ chỉ số vận hành “Tỷ lệ hồ sơ giải quyết đúng hạn”")
        self.assertIsNone(self.score("2.1"))

    def test_every_change_is_in_the_leaf_history_with_its_author(self):
        self.client.force_login(self.commune_officer)
        self.save("1.1", "1")
        self.save("1.1", "3", note="Kế hoạch chưa ban hành")
        entries = AuditEntry.objects.filter(criterion_id=self.leaf["1.1"].pk).order_by("id")
        self.assertEqual([e.action for e in entries], [Action.SCORE_SELF, Action.SCORE_SELF, Action.NOTE_CHANGED])
        self.assertEqual(entries[1].before["score"], "1.00")
        self.assertEqual(entries[1].after["score"], "0.00")
        self.assertEqual(entries[1].actor_name, "canbo.an")
        history = self.client.get(reverse("assessments:leaf-history", args=["c2021", "X-AN", self.leaf["1.1"].pk]))
        self.assertContains(history, "canbo.an", count=3)

    def test_after_the_deadline_nothing_changes_even_by_posting_directly(self):
        self.campaign.self_opens_at = timezone.now() - timedelta(days=10)
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.sheet)
        self.assertContains(response, "Đã hết hạn tự đánh giá")
        self.assertContains(response, "disabled")
        response = self.save("1.1", "1", htmx=False)
        self.assertRedirects(response, self.sheet + f"#leaf-{self.leaf['1.1'].pk}", fetch_redirect_response=False)
        self.assertIsNone(self.score("1.1"))

    def test_an_exception_reopens_entry_for_that_unit_only(self):
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        Assessment.objects.filter(campaign=self.campaign, unit=self.commune).update(
            deadline_override=timezone.now() + timedelta(days=1)
        )
        self.client.force_login(self.commune_officer)
        self.save("1.1", "1")
        self.assertEqual(self.score("1.1").self_score, D("1.00"))

    def test_another_commune_and_the_council_cannot_open_the_draft(self):
        for person in (self.other_officer, self.appraiser, self.outsider):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.sheet).status_code, 404)
            self.assertEqual(self.save("1.1", "1").status_code, 404)
        self.assertIsNone(self.score("1.1"))

    def statements_of_a_save(self, code, value):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = self.save(code, value)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b'role="alert"', response.content, response.content.decode()[:3000])
        # SAVEPOINT and RELEASE stand for the BEGIN and COMMIT of a request outside a test; "2 times: INSERT …" is
        # one statement sent with two rows of parameters
        statements = [q["sql"].split("times: ", 1)[-1] for q in queries]
        return [sql.split(" ", 1)[0] for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]

    def test_an_autosave_sends_the_same_short_sequence_of_statements_however_much_is_scored(self):
        self.client.force_login(self.commune_officer)
        self.save("1.1", "1")  # the first entry starts the assessment and creates the result: once a campaign
        first = self.statements_of_a_save("1.2", "1")
        for code in ("2.1", "2.2"):
            self.save(code, "1")
        later = self.statements_of_a_save("1.1", "2")
        # session, user, roles (the officer's unit with them), campaign; the assessment locked, the campaign's status
        # read again, the unit's scores; the score written; the chain's head taken, the result and the other ranks
        # read, the result written, the head moved, both entries appended; the unit's files for the answer
        self.assertEqual(len(first), len(later), (first, later))  # the first entry of a leaf inserts its score row
        self.assertEqual(
            later, ["SELECT"] * 7 + ["UPDATE", "INSERT"] + ["SELECT"] * 2 + ["UPDATE"] * 2 + ["INSERT", "SELECT"]
        )

    def test_the_sheet_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.commune_officer)
        self.client.get(self.sheet)
        # session, user, roles (the officer's own unit comes with them), campaign, assessment, the unit file (4), the
        # reminders it was sent, the group's last published campaign (whose plan the sheet would show beside each leaf)
        with self.assertNumQueries(11):
            self.client.get(self.sheet)
