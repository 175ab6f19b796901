"""A district with two scored communes whose results can be locked and published, and a way to issue the decision
through its page (LibreOffice replaced by a fixed PDF: the conversion itself is tested with the command)."""

from __future__ import annotations

from decimal import Decimal as D
from unittest import mock

from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.publication.documents import pdf
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over

FAKE_PDF = b"%PDF-1.4 a decision\n%%EOF"


class DecisionCase(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for unit, values in {
            cls.commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"},
            cls.other_commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "1.8"},
        }.items():
            for code, points in values.items():
                set_score(cls.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)

    def url(self):
        return reverse("publication-decision", args=[self.campaign.code])

    def lock(self):
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))

    def form(self, **changes):
        data = {
            "number": "771/QĐ-UBND",
            "issued_on": "05/02/2027",
            "authority": "committee",
            "signer": "Nguyễn Văn Bình",
            "title": "Phó Chủ tịch",
            "issuer": "UBND huyện Thanh Giang",
            "place": "Thanh Giang",
            "campaigns": [self.campaign.code],
            "legal_bases": "Căn cứ Luật Tổ chức chính quyền địa phương;\nTheo đề nghị của Trưởng phòng Nội vụ.",
            "recipients": "Như Điều 3;\nLưu: VT, NV.",
        }
        data.update(changes)
        return data

    def issue(self, **changes):
        self.client.force_login(self.home_affairs)
        with mock.patch.object(pdf, "docx_to_pdf", return_value=FAKE_PDF):
            return self.client.post(self.url(), self.form(**changes))
