"""Home Affairs marks how hard each sub-criterion is to win back; the marks are audited and order the leaves that give
points back when asked to (easiest first)."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.gaps.models import LeafEffort
from parindex.gaps.services import set_effort_marks
from parindex.gaps.tests.support import GapTestCase


class EffortMarksPageTests(GapTestCase):
    def url(self):
        return reverse("gaps:effort", args=["c2021"])

    def leaf(self, code):
        return self.framework.criteria.get(code=code)

    def test_home_affairs_marks_leaves_and_each_change_is_audited(self):
        self.client.force_login(self.home_affairs)
        page = self.client.get(self.url())
        self.assertContains(page, "Rà soát văn bản QPPL")
        self.assertContains(page, "Công tác chỉ đạo, điều hành CCHC")  # the area's heading
        data = {f"effort_{self.leaf('2.2').pk}": "high", f"effort_{self.leaf('1.2').pk}": "low", "reason": "Họp tổ"}
        response = self.client.post(self.url(), data)
        self.assertRedirects(response, self.url())
        self.assertEqual(
            dict(LeafEffort.objects.values_list("criterion__code", "effort")), {"2.2": "high", "1.2": "low"}
        )
        entries = AuditEntry.objects.filter(action=Action.EFFORT_CHANGED)
        self.assertEqual(entries.count(), 2)
        self.assertEqual(set(entries.values_list("reason", flat=True)), {"Họp tổ"})
        self.assertEqual(entries.get(criterion_id=self.leaf("2.2").pk).after, {"effort": "high"})
        # Removing one mark and leaving the other as it is writes one entry.
        data[f"effort_{self.leaf('2.2').pk}"] = ""
        self.client.post(self.url(), data)
        self.assertEqual(dict(LeafEffort.objects.values_list("criterion__code", "effort")), {"1.2": "low"})
        self.assertEqual(AuditEntry.objects.filter(action=Action.EFFORT_CHANGED).count(), 3)

    def test_a_value_not_offered_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.home_affairs)
        response = self.client.post(self.url(), {f"effort_{self.leaf('2.2').pk}": "trivial"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertFalse(LeafEffort.objects.exists())

    def test_only_those_who_run_the_campaign_mark_effort(self):
        for user, status in (
            (self.viewer, 403),
            (self.commune_officer, 403),
            (self.appraiser, 403),
            (self.outsider, 404),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)
                self.assertEqual(self.client.post(self.url(), {}).status_code, status)

    def test_the_unit_page_orders_by_effort_when_asked(self):
        set_effort_marks(
            self.framework, {self.leaf("1.2").pk: "low", self.leaf("9.1").pk: "high"}, Actor.of(self.home_affairs)
        )
        self.lock(publish=True)
        by_points = self.gap_page(self.commune_officer).context["gaps"].top
        self.assertEqual([row.code for row in by_points][:3], ["9.1", "2.2", "1.2"])
        by_effort = self.gap_page(self.commune_officer, "?order=effort").context["gaps"].top
        self.assertEqual([row.code for row in by_effort][:3], ["1.2", "2.2", "9.2"])
        self.assertEqual(by_effort[0].effort_label, "Ít công sức")

    def test_a_leaf_of_another_set_is_refused(self):
        from parindex.frameworks.models import Criterion

        with self.assertRaises(ValueError):
            set_effort_marks(
                self.framework, {Criterion.objects.filter(is_leaf=False).first().pk: "low"}, Actor.of(None)
            )
