"""The district of the tests with results on the mini set, published or not, and helpers to file plans.

Xã An Bình (X-AN) loses points on 1.2 (1 of 2), 1.3 (0,25 of 1) and the penalty 9.2 (1 point taken off); it keeps
every point of 1.1, 2.1 and 2.2, and the bonus 9.1 gives it nothing (a bonus loses nothing).
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any, ClassVar

from django.utils import timezone

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.plans import services as plans
from parindex.plans.models import Plan, PlanAction
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over
from parindex.tests.files import make_pdf

SCORES = {
    "X-AN": {"1.1": "1", "1.2": "1", "1.3": "0.75", "2.1": "4", "2.2": "2", "9.1": "0", "9.2": "1"},
    "X-BINH": {"1.1": "0.5", "1.2": "2", "1.3": "1", "2.1": "2", "2.2": "2"},
}
LOST = {"1.2": D("1.00"), "1.3": D("0.25"), "9.2": D("1.00")}


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def pdf(name: str = "ket-qua.pdf") -> io.BytesIO:
    stream = io.BytesIO(make_pdf())
    stream.name = name
    return stream


class PlanTestCase(DistrictTestCase):
    """Scores set on the mini set; the results are not published (see :class:`PublishedTestCase`)."""

    leaves: ClassVar[dict[str, Criterion]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for unit in (cls.commune, cls.other_commune):
            for code, points in SCORES[unit.code].items():
                set_score(cls.campaign, unit, cls.leaves[code], Stage.APPRAISED, D(points), ACTOR)

    @classmethod
    def publish(cls) -> None:
        manager = Actor.of(cls.home_affairs)
        lifecycle.lock_results(calendar_over(cls.campaign), manager)
        lifecycle.publish(cls.campaign, manager)
        cls.campaign.refresh_from_db()

    def action(self, code: str = "1.2", days: int = 30, **extra: Any) -> plans.ActionInput:
        data: dict[str, Any] = {
            "leaf": self.leaves[code],
            "what": "Ban hành kế hoạch CCHC đúng hạn",
            "person": "Phạm Thị Lan",
            "deadline": in_days(days),
        }
        return plans.ActionInput(**(data | extra))

    def add(self, code: str = "1.2", days: int = 30, unit: Any = None) -> PlanAction:
        return plans.save_action(
            self.campaign, unit or self.commune, self.action(code, days), Actor.of(self.commune_officer)
        )

    def accepted_plan(self, *codes: str) -> Plan:
        """X-AN's plan with an action on each leaf of ``codes`` (default 1.2 and 1.3), submitted and accepted."""
        actions = [self.add(code) for code in (codes or ("1.2", "1.3"))]
        plan = actions[0].plan
        plans.submit_plan(plan, Actor.of(self.commune_head))
        plans.review_plan(plan, True, "", Actor.of(self.home_affairs))
        plan.refresh_from_db()
        return plan


class PublishedTestCase(PlanTestCase):
    """The same, with the campaign's results locked and published."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.publish()
