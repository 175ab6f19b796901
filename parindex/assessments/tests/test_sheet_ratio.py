"""A ratio item on the sheets: the unit enters the two counts (each labelled), the rate is computed exactly and scored
(here "from 80 % up: the maximum; below: rate × 2 / 80 %"), a zero denominator follows the item's rule, the
appraiser checks the same two counts, and the history shows them by their labels."""

from decimal import Decimal as D

from django.urls import reverse
from django.utils import translation

from parindex.assessments import appraisal, leafrules, workflow
from parindex.assessments.models import Score
from parindex.assessments.tests.decision_set import DecisionSetTestCase
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor

HTMX = {"HTTP_HX_REQUEST": "true"}


class RatioSheetTests(DecisionSetTestCase):
    def setUp(self):
        super().setUp()
        self.ratio = self.criteria["1.2"]

    def save(self, code, **fields):
        return workflow.save_self_score(self.qd, self.commune, self.criteria[code], fields, False, self.officer)

    def post(self, code, **fields):
        url = reverse("assessments:save-leaf", args=[self.qd.code, "X-AN", self.criteria[code].pk])
        return self.client.post(url, {"score_fields": "1", **fields}, **HTMX)

    def score(self, code):
        return Score.objects.get(campaign=self.qd, unit=self.commune, criterion=self.criteria[code])

    def test_the_rule_is_explained_in_vietnamese_words_with_the_labels_and_the_zero_case(self):
        with translation.override("vi"):
            text = leafrules.describe(self.ratio)
            full = leafrules.describe(self.criteria["1.3"])
        self.assertEqual(
            text,
            "Nhập Số hồ sơ đúng hạn và Tổng số hồ sơ; tỷ lệ = Số hồ sơ đúng hạn / Tổng số hồ sơ × 100%. "
            "Từ 80% trở lên: tối đa (2 điểm); dưới 80%: tỷ lệ × 2 / 80%. "
            "Nếu Tổng số hồ sơ bằng 0: tiêu chí không áp dụng.",
        )
        self.assertIn("Điểm = tỷ lệ × 1 / 100%, tối đa 1 điểm.", full)
        self.assertIn("Nếu Số văn bản phải rà soát bằng 0: đạt điểm tối đa (1 điểm).", full)

    def test_the_counts_give_the_exact_rate_and_its_points(self):
        self.save("1.2", in_numerator="45", in_denominator="50")
        score = self.score("1.2")
        self.assertEqual((score.self_value, score.self_score), (D("90.0000"), D("2.00")))
        self.assertEqual(score.self_inputs, {"numerator": "45", "denominator": "50"})
        self.save("1.2", in_numerator="30", in_denominator="50")
        score = self.score("1.2")
        self.assertEqual((score.self_value, score.self_score), (D("60.0000"), D("1.50")))
        self.save("1.2", in_numerator="2", in_denominator="3")  # 66,666…%: kept to 4 decimals, scored exactly
        score = self.score("1.2")
        self.assertEqual((score.self_value, score.self_score), (D("66.6667"), D("1.67")))

    def test_a_zero_denominator_follows_the_items_rule(self):
        self.save("1.2", in_numerator="0", in_denominator="0")  # not applicable: the scoring side gives it its meaning
        score = self.score("1.2")
        self.assertEqual((score.self_na, score.self_score, score.self_value), (True, None, None))
        self.assertEqual(score.self_inputs, {"numerator": "0", "denominator": "0"})
        self.assertNotIn(self.ratio, [leaf for leaf, _problem in workflow.missing_items(self.qd, self.commune)])
        self.save("1.3", in_numerator="0", in_denominator="0")  # full points
        self.assertEqual((self.score("1.3").self_na, self.score("1.3").self_score), (False, D("1.00")))
        self.save("3.2", in_numerator="0", in_denominator="0")  # zero
        self.assertEqual((self.score("3.2").self_na, self.score("3.2").self_score), (False, D("0.00")))

    def test_counts_that_do_not_fit_are_refused_in_vietnamese_naming_the_boxes(self):
        self.client.force_login(self.commune_officer)
        cases = [
            ({"in_numerator": "51", "in_denominator": "50"}, "Số hồ sơ đúng hạn không được lớn hơn Tổng số hồ sơ"),
            ({"in_numerator": "45", "in_denominator": ""}, "hãy nhập cả Số hồ sơ đúng hạn và Tổng số hồ sơ"),
            ({"in_numerator": "bốn", "in_denominator": "50"}, "Số hồ sơ đúng hạn: “bốn” không phải là số"),
            ({"in_numerator": "-1", "in_denominator": "50"}, "Số hồ sơ đúng hạn không được là số âm"),
        ]
        for fields, message in cases:
            with self.subTest(fields):
                response = self.post("1.2", **fields)
                self.assertContains(response, message)
                self.assertContains(response, 'role="alert"')
        self.assertFalse(Score.objects.filter(campaign=self.qd, criterion=self.ratio).exists())

    def test_the_sheet_shows_the_two_labelled_boxes_and_after_a_save_the_rate_and_points(self):
        self.client.force_login(self.commune_officer)
        response = self.post("1.2", in_numerator="45", in_denominator="50")
        self.assertContains(response, "Tỷ lệ: 90% → 2 điểm")
        self.assertContains(response, "Đã lưu")
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, "Số hồ sơ đúng hạn")
        self.assertContains(page, 'name="in_numerator" inputmode="numeric"')
        self.assertContains(page, 'name="in_denominator" inputmode="numeric"')
        self.assertContains(page, 'value="45"')
        self.assertContains(page, "Tỷ lệ: 90% → 2 điểm")
        self.post("1.2", in_numerator="0", in_denominator="0")
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, "Tổng số hồ sơ bằng 0 → không áp dụng")

    def test_an_emptied_pair_clears_the_entry(self):
        self.save("1.2", in_numerator="45", in_denominator="50")
        self.save("1.2", in_numerator="", in_denominator="")
        score = self.score("1.2")
        self.assertEqual((score.self_score, score.self_na, score.self_inputs), (None, False, None))

    def test_the_appraiser_checks_the_same_counts_shown_by_their_labels(self):
        self.save("1.2", in_numerator="45", in_denominator="50")
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.client.force_login(self.appraiser)
        sheet = self.client.get(reverse("assessments:appraisal-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(sheet, "Số hồ sơ đúng hạn: 45 / Tổng số hồ sơ: 50")
        self.assertContains(sheet, 'name="in_numerator" inputmode="numeric" autocomplete="off" size="8" value="45"')
        actor = Actor.of(self.appraiser)
        with self.assertRaisesMessage(NotAllowed, "lý do"):
            appraisal.appraise(
                self.qd, self.commune, self.ratio, {"in_numerator": "36", "in_denominator": "50"}, False, "", actor
            )
        appraisal.appraise(
            self.qd,
            self.commune,
            self.ratio,
            {"in_numerator": "36", "in_denominator": "50"},
            False,
            "Chỉ 36 hồ sơ",
            actor,
        )
        score = self.score("1.2")
        self.assertEqual((score.appraised_score, score.self_score), (D("1.80"), D("2.00")))  # 72 % × 2 / 80 %
        self.assertEqual(score.appraised_inputs, {"numerator": "36", "denominator": "50"})
        url = reverse("assessments:appraise-leaf", args=[self.qd.code, "X-AN", self.ratio.pk])
        refused = self.client.post(url, {"in_numerator": "60", "in_denominator": "50", "reason": "x"}, **HTMX)
        self.assertContains(refused, "Số hồ sơ đúng hạn không được lớn hơn Tổng số hồ sơ")
        self.assertContains(refused, 'value="60"')  # what was typed stays
        zero = self.client.post(url, {"in_numerator": "0", "in_denominator": "0", "reason": "Không có hồ sơ"}, **HTMX)
        self.assertContains(zero, "Tổng số hồ sơ bằng 0 → không áp dụng")
        score = self.score("1.2")
        self.assertEqual((score.appraised_na, score.appraised_score), (True, None))

    def test_the_history_shows_the_counts_by_their_labels(self):
        self.save("1.2", in_numerator="45", in_denominator="50")
        self.save("1.2", in_numerator="90", in_denominator="100")  # the same rate, other counts: still recorded
        self.client.force_login(self.commune_officer)
        url = reverse("assessments:leaf-history", args=[self.qd.code, "X-AN", self.ratio.pk])
        response = self.client.get(url)
        self.assertContains(response, "Số hồ sơ đúng hạn: 45 / Tổng số hồ sơ: 50; tỷ lệ: 90%")
        self.assertContains(response, "Số hồ sơ đúng hạn: 90 / Tổng số hồ sơ: 100; tỷ lệ: 90%")
