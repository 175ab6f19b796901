"""The head rating's "submitted on time" is not held against a unit before its own deadline."""

from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from parindex.assessments.appraisal import grant_exception
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.ratings.services import campaign_figures, install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase


class SubmittedOnTimeTests(DistrictTestCase):
    def setUp(self):
        leaf = self.framework.criteria.get(code="1.1")
        for unit in (self.commune, self.other_commune):
            set_score(self.campaign, unit, leaf, Stage.APPRAISED, D(1), ACTOR)
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        self.rules = install_rule_set(rules, meta, ACTOR)[0].rules

    def on_time(self):
        figures = campaign_figures(self.campaign, self.rules)
        return {unit_id: f.submitted_on_time for unit_id, f in figures.items()}

    def test_a_unit_that_has_not_submitted_is_not_late_before_its_deadline_and_is_after_it(self):
        self.campaign.self_closes_at = timezone.now() + timedelta(days=2)
        self.campaign.save()
        self.assertEqual(self.on_time(), {self.commune.pk: True, self.other_commune.pk: True})
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        self.assertEqual(self.on_time(), {self.commune.pk: False, self.other_commune.pk: False})

    def test_a_deadline_exception_keeps_the_unit_on_time_until_the_new_deadline(self):
        self.campaign.self_closes_at = timezone.now() + timedelta(hours=1)
        self.campaign.save()
        grant_exception(
            self.campaign, self.commune, timezone.now() + timedelta(days=5), "Lũ lụt", Actor.of(self.home_affairs)
        )
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        self.assertEqual(self.on_time(), {self.commune.pk: True, self.other_commune.pk: False})
