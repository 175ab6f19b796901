"""A criteria set written as real decisions write them, for the sheet tests: numbering restarting under each area
(3.1 under I and under II), a heading row, points per item, ratios from counts (a zero denominator not applicable,
or full points), a formula over two rates, a tracking row, an area the council scores, and an item only the council
may declare not applicable. Installed beside the district's mini set, with its own campaign over the communes."""

from __future__ import annotations

from typing import Any

from parindex.assessments.models import AppraiserAssignment, Campaign
from parindex.assessments.services import open_campaign
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.frameworks.services import install_framework
from parindex.frameworks.spec import parse_framework
from parindex.tests.district import ACTOR, DistrictTestCase

DECISION_SET: dict[str, Any] = {
    "code": "qd-thu",
    "name": "Bộ tiêu chí theo quyết định (thử nghiệm)",
    "year": 2026,
    "levels": ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"],
    "bands": [{"code": "A", "name": "Tốt", "min": 80}, {"code": "B", "name": "Khá", "min": 0}],
    "nodes": [
        {
            "code": "I",
            "name": "Công tác chỉ đạo, điều hành",
            "children": [
                {"code": "1", "name": "Nhóm tiêu chí về thể chế", "kind": "heading"},
                {
                    "code": "1.1",
                    "name": "Nội quy, quy chế được ban hành",
                    "max": 2,
                    "rule": {"type": "per_item", "per": 0.5},
                },
                {
                    "code": "1.2",
                    "name": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                    "max": 2,
                    "rule": {
                        "type": "ratio",
                        "numerator": "Số hồ sơ đúng hạn",
                        "denominator": "Tổng số hồ sơ",
                        "score": {"type": "proportional", "target": 80},
                        "on_zero": "not_applicable",
                    },
                },
                {
                    "code": "1.3",
                    "name": "Tỷ lệ văn bản được rà soát",
                    "max": 1,
                    "rule": {
                        "type": "ratio",
                        "numerator": "Số văn bản được rà soát",
                        "denominator": "Số văn bản phải rà soát",
                        "on_zero": "full",
                    },
                },
                {
                    "code": "3.1",
                    "name": "Mức độ hài lòng về giải quyết hồ sơ",
                    "max": 2,
                    "rule": {
                        "type": "formula",
                        "inputs": [
                            {"name": "qua_han", "label": "Tỷ lệ quá hạn"},
                            {"name": "phan_anh", "label": "Tỷ lệ phản ánh"},
                        ],
                        "expression": "100 - (qua_han + phan_anh)",
                        "score": {"type": "proportional", "target": 100},
                    },
                },
                {"code": "1.4", "name": "Số cán bộ, công chức của xã", "kind": "tracking"},
            ],
        },
        {
            "code": "II",
            "name": "Đánh giá của Chủ tịch, các Phó Chủ tịch UBND huyện",
            "children": [
                {
                    "code": "3.1",
                    "name": "Mức độ chủ động trong chỉ đạo",
                    "max": 3,
                    "rule": {"type": "manual", "step": 0.5},
                    "source": "council",
                },
                {
                    "code": "3.2",
                    "name": "Tỷ lệ phản ánh, kiến nghị được xử lý",
                    "max": 1,
                    "rule": {
                        "type": "ratio",
                        "numerator": "Số phản ánh được xử lý",
                        "denominator": "Tổng số phản ánh",
                        "on_zero": "zero",
                    },
                    "not_applicable_allowed": True,
                    "not_applicable_by": "council",
                },
            ],
        },
    ],
}


def install_decision_campaign(target: Any, code: str = "qd2026") -> Campaign:
    """Install the set, open a campaign of it over the communes run by the district, assign the district's appraiser
    to both communes, and put the criteria on ``target.criteria`` by their identity ("1.2", "I/3.1", "II/3.1")."""
    framework = install_framework(parse_framework(DECISION_SET), ACTOR).framework
    campaign = open_campaign(code, framework.code, "xa", ACTOR, year=2026, owner_code=target.district.code)
    for unit in (target.commune, target.other_commune):
        AppraiserAssignment.objects.create(campaign=campaign, user=target.appraiser, unit=unit)
    target.criteria = {c.code: c for c in Criterion.objects.filter(framework=framework)}
    return campaign


class DecisionSetTestCase(DistrictTestCase):
    """The district with the decision-like set's campaign ``qd`` beside its own, the criteria by identity on
    ``criteria``, and the commune's officer as ``officer`` (an :class:`Actor`)."""

    qd: Campaign
    criteria: dict[str, Criterion]
    HTMX = {"HTTP_HX_REQUEST": "true"}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.qd = install_decision_campaign(cls)

    def setUp(self) -> None:
        self.officer = Actor.of(self.commune_officer)
