"""Done when: the leaders' pages show the demo's 2021 → this-year change for every commune.

The demo's 2021 commune campaign is published; this year's is running, so its figures are provisional ("tạm tính")
and a commune still self-assessing before its deadline shows no figure to anyone but its own people: its row keeps
its 2021 figures and says it has none yet this year."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import viewer_disclosure
from parindex.assessments.templatetags.scores import points
from parindex.demo.cycle import CURRENT_CODE, EXCEPTION, NOT_STARTED, SELF_ASSESSING
from parindex.insights.templatetags.insights import rank_change, signed
from parindex.org.models import Unit


class DemoChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.leader = get_user_model().objects.get(username="lanhdao")
        cls.current = Campaign.objects.get(code=CURRENT_CODE)

    def row(self, body: str, code: str) -> str:
        match = re.search(rf'<tr data-unit="{code}">(.*?)</tr>', body, re.S)
        assert match is not None, code
        return match[1]

    def test_the_leaders_see_every_communes_change_from_2021_to_this_year(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("insights:group", args=["xa"]))
        body = response.content.decode()
        before = {r.unit_id: r for r in Result.objects.filter(campaign__code="cchc-2021-xa")}
        now = {r.unit_id: r for r in Result.objects.filter(campaign=self.current)}
        seen = viewer_disclosure(self.current, self.leader)
        changes = {unit.code: change for unit, _figures, change in response.context["rows"]}
        communes = list(Unit.objects.filter(group__code="xa"))
        self.assertEqual(len(communes), 17)
        self.assertEqual(set(changes), {u.code for u in communes})
        drafts = set()
        for unit in communes:
            row = self.row(body, unit.code)
            self.assertIn(unit.name, row)
            old = before[unit.pk]
            self.assertIn(points(old.index), row)
            self.assertIn(f"{old.rank}/17", row)
            change = changes[unit.code]
            if unit.pk in seen.hidden:
                drafts.add(unit.code)
                self.assertIsNone(change.index_delta)
                self.assertIn("chưa có số liệu", row)
                continue
            delta = now[unit.pk].index - old.index
            self.assertEqual(change.index_delta, delta, unit.code)
            if seen.ranked_total == 17:
                self.assertEqual(change.rank_delta, old.rank - seen.ranks[unit.pk], unit.code)
                self.assertIn(rank_change(change.rank_delta), row)
            else:  # provisional ranks among fewer units are not compared with 2021's
                self.assertIsNone(change.rank_delta)
                self.assertIn("chưa so sánh được", row)
            self.assertIn(points(now[unit.pk].index), row)
            self.assertIn(f"{seen.ranks[unit.pk]}/{seen.ranked_total}", row)
            self.assertIn(f">{signed(delta)}</td>", row)
            self.assertIn('class="num provisional"', row)
        # Not started, still self-assessing, or granted more time: their drafts are their own.
        self.assertEqual(drafts, NOT_STARTED | set(SELF_ASSESSING) | {EXCEPTION})
        self.assertContains(response, "Số liệu tạm tính")

    def test_the_number_of_queries_is_the_same_as_for_a_small_district(self):
        self.client.force_login(self.leader)
        url = reverse("insights:group", args=["xa"])
        self.client.get(url)
        with self.assertNumQueries(9):
            self.client.get(url)

    def test_the_demo_head_sees_the_own_communes_provisional_figure(self):
        head = get_user_model().objects.get(username="thutruong.anbinh")
        self.client.force_login(head)
        response = self.client.get(reverse("insights:unit", args=["X-ANBINH"]))
        figure = response.context["rows"][-1][1]
        own = Result.objects.get(campaign=self.current, unit__code="X-ANBINH")
        self.assertEqual((figure.hidden, figure.provisional, figure.index), (False, True, own.index))
        self.assertContains(response, "tạm tính")
        self.client.force_login(self.leader)
        self.assertTrue(self.client.get(reverse("insights:unit", args=["X-ANBINH"])).context["rows"][-1][1].hidden)
