"""The unit's sheet signposts every step: the deadline of the current step, the action always at hand, "đã lưu" and
refusals beside the leaf acted on, the council's questions listed with links, filters and folding areas."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.assessments import workflow
from parindex.assessments.models import Assessment, Campaign, Evidence, Question
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase
from parindex.tests.files import make_exe, make_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=VN)
SELF_OPENS = datetime(2026, 11, 1, 7, 30, tzinfo=VN)
SELF_CLOSES = datetime(2026, 11, 20, 17, 0, tzinfo=VN)
ROUND1_ENDS = datetime(2026, 11, 24, 17, 0, tzinfo=VN)
EXPLANATION_CLOSES = datetime(2026, 11, 27, 17, 0, tzinfo=VN)
ROUND2_ENDS = datetime(2026, 12, 4, 17, 0, tzinfo=VN)


def leaf_section(response, leaf_id: int) -> str:
    """The HTML of one leaf of the sheet."""
    html = response.content.decode()
    match = re.search(rf'<section class="leaf[^"]*" id="leaf-{leaf_id}">(.*?)</section>', html, re.S)
    assert match, f"leaf {leaf_id} not on the page"
    return match.group(1)


def top_messages(response) -> str:
    match = re.search(r'<ul class="messages">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


class UnitSheetSignpostTests(DistrictTestCase):
    def setUp(self):
        # The sheet as it stands on Wednesday 18/11, two days before the self-assessment closes.
        clock = time_machine.travel(NOW, tick=True)
        clock.start()
        self.addCleanup(clock.stop)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            self_opens_at=SELF_OPENS,
            self_closes_at=SELF_CLOSES,
            round1_ends_at=ROUND1_ENDS,
            explanation_closes_at=EXPLANATION_CLOSES,
            round2_ends_at=ROUND2_ENDS,
        )
        self.campaign.refresh_from_db()
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        self.sheet = reverse("assessments:unit-sheet", args=["c2021", "X-AN"])

    def stand_at(self, state, **extra):
        Assessment.objects.update_or_create(
            campaign=self.campaign, unit=self.commune, defaults={"state": state, **extra}
        )

    def ask(self, code="1.1", answer=""):
        return Question.objects.create(
            campaign=self.campaign, unit=self.commune, criterion=self.leaf[code], text="Vì sao?", answer=answer
        )

    def page(self, person=None, **query):
        self.client.force_login(person or self.commune_officer)
        return self.client.get(self.sheet, query)

    def test_the_side_panel_shows_the_deadline_of_the_current_step(self):
        for state, label, at in (
            (Assessment.State.IN_PROGRESS, "Hạn tự đánh giá", SELF_CLOSES),
            (Assessment.State.SUBMITTED, "Kết thúc thẩm định vòng 1", ROUND1_ENDS),
            (Assessment.State.APPRAISING, "Kết thúc thẩm định vòng 1", ROUND1_ENDS),
            (Assessment.State.EXPLANATION_REQUESTED, "Hạn giải trình", EXPLANATION_CLOSES),
            (Assessment.State.EXPLAINED, "Kết thúc thẩm định vòng 2", ROUND2_ENDS),
        ):
            self.stand_at(state)
            step = self.page().context["step_deadline"]
            self.assertEqual((step.label, step.at), (label, at), state)
        response = self.page()
        self.assertContains(response, "<strong>Kết thúc thẩm định vòng 2: 17:00 ngày 04/12/2026</strong>")
        self.assertNotContains(response, "Hạn tự đánh giá:")
        self.stand_at(Assessment.State.APPRAISED)
        self.assertIsNone(self.page().context["step_deadline"])
        self.assertNotContains(self.page(), "Hạn của bước hiện tại")

    def test_a_units_exception_is_the_deadline_it_is_shown(self):
        later = SELF_CLOSES + timedelta(days=3)
        self.stand_at(Assessment.State.IN_PROGRESS, deadline_override=later)
        step = self.page().context["step_deadline"]
        self.assertEqual((step.at, step.exception), (later, True))

    def test_an_autosave_says_saved_beside_the_leaf(self):
        self.client.force_login(self.commune_officer)
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf["1.2"].pk])
        response = self.client.post(url, {"score_fields": "1", "value": "95"}, headers={"HX-Request": "true"})
        status = re.search(r'<div class="leaf-status" id="status-(\d+)".*?</div>', response.content.decode(), re.S)
        self.assertEqual(int(status.group(1)), self.leaf["1.2"].pk)
        self.assertIn("Đã lưu", status.group(0))
        refused = self.client.post(url, {"score_fields": "1", "value": "abc"}, headers={"HX-Request": "true"})
        self.assertContains(refused, 'role="alert"')
        self.assertNotContains(refused, "Đã lưu")

    def test_without_javascript_a_save_is_confirmed_at_its_leaf(self):
        self.client.force_login(self.commune_officer)
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf["1.2"].pk])
        response = self.client.post(url, {"score_fields": "1", "value": "95"}, follow=True)
        self.assertIn("Đã lưu", leaf_section(response, self.leaf["1.2"].pk))
        self.assertNotIn("Đã lưu", leaf_section(response, self.leaf["1.3"].pk))
        self.assertNotIn("Đã lưu", top_messages(response))

    def test_a_refused_upload_is_said_beside_the_leafs_file_input(self):
        self.client.force_login(self.commune_officer)
        url = reverse("assessments:upload-evidence", args=["c2021", "X-AN", self.leaf["1.1"].pk])
        upload = SimpleUploadedFile("baocao.pdf", make_exe())
        response = self.client.post(url, {"files": upload}, headers={"HX-Request": "true"})
        html = response.content.decode()
        self.assertTrue(html.startswith(f'<div class="files" id="files-{self.leaf["1.1"].pk}">'))
        files = html.split('id="totals"')[0]
        self.assertIn('type="file"', files)
        self.assertIn('role="alert"', files)
        self.assertIn("chương trình", files)
        self.assertFalse(Evidence.objects.exists())
        accepted = self.client.post(
            url, {"files": SimpleUploadedFile("kehoach.pdf", make_pdf())}, headers={"HX-Request": "true"}
        )
        self.assertContains(accepted, "Đã tải lên “kehoach.pdf”")
        self.assertContains(accepted, 'id="totals" hx-swap-oob="true"')

    def test_without_javascript_a_refused_upload_is_said_at_its_leaf(self):
        self.client.force_login(self.commune_officer)
        for name, content, words in (("baocao.pdf", make_exe(), "chương trình"), ("trong.pdf", b"", "rỗng")):
            url = reverse("assessments:upload-evidence", args=["c2021", "X-AN", self.leaf["1.1"].pk])
            response = self.client.post(url, {"files": SimpleUploadedFile(name, content)}, follow=True)
            self.assertEqual(response.redirect_chain[-1][0], f"{self.sheet}#leaf-{self.leaf['1.1'].pk}")
            self.assertIn(words, leaf_section(response, self.leaf["1.1"].pk))
            self.assertNotIn(words, top_messages(response))
            self.assertNotIn(words, leaf_section(response, self.leaf["1.2"].pk))

    def test_the_head_submits_from_a_bar_that_stays_in_sight(self):
        response = self.page(self.commune_head)
        bar = re.search(
            r'<div class="action-bar" id="actions">(.*?)</div>\s*\n?\s*</main>', response.content.decode(), re.S
        )
        self.assertIsNotNone(bar)
        self.assertIn(reverse("assessments:submit", args=["c2021", "X-AN"]), bar.group(1))
        self.assertIn("Nộp kết quả tự đánh giá", bar.group(1))
        officer = self.page(self.commune_officer)
        self.assertContains(officer, "Thủ trưởng đơn vị nộp kết quả tự đánh giá khi đã hoàn thành.")
        self.assertNotContains(officer, reverse("assessments:submit", args=["c2021", "X-AN"]))
        self.stand_at(Assessment.State.EXPLANATION_REQUESTED)
        self.ask(answer="Đã có kế hoạch")
        head = self.page(self.commune_head)
        self.assertContains(head, reverse("assessments:send-explanation", args=["c2021", "X-AN"]))
        self.assertContains(head, "Đã trả lời tất cả câu hỏi.")

    def test_the_questioned_items_are_listed_with_links_to_them(self):
        self.stand_at(Assessment.State.EXPLANATION_REQUESTED)
        self.ask("2.2")
        self.ask("1.1", answer="Kế hoạch số 15/KH-UBND")
        response = self.page()
        card = re.search(r'<div class="card small" id="questions">(.*?)</div>', response.content.decode(), re.S)
        codes = re.findall(r'<a href="#leaf-(\d+)">([\d.]+)</a>', card.group(1))
        self.assertEqual(codes, [(str(self.leaf["1.1"].pk), "1.1"), (str(self.leaf["2.2"].pk), "2.2")])
        self.assertIn("1 câu chưa trả lời", card.group(1))
        # The unit sees no question before the council has sent them.
        self.stand_at(Assessment.State.SUBMITTED)
        self.assertNotContains(self.page(), 'id="questions"')

    def visible_leaves(self, response):
        return [r.node.code for g in response.context["groups"] for r in g.rows if r.is_leaf and r.visible]

    def test_the_filters_show_what_is_missing_what_was_asked_or_one_area(self):
        workflow.save_self_score(
            self.campaign, self.commune, self.leaf["1.2"], "95", False, Actor.of(self.commune_officer)
        )
        self.assertEqual(self.visible_leaves(self.page()), ["1.1", "1.2", "1.3", "2.1", "2.2", "9.1", "9.2"])
        self.assertEqual(self.visible_leaves(self.page(show="missing")), ["1.1", "1.3", "2.2"])
        area = self.framework.criteria.get(code="2")
        self.assertEqual(self.visible_leaves(self.page(area=str(area.pk))), ["2.1", "2.2"])
        both = self.page(show="missing", area=str(area.pk))
        self.assertEqual(self.visible_leaves(both), ["2.2"])
        self.assertContains(both, "<details", count=2)  # the area shown, and the leaf's history
        self.assertContains(self.page(show="nonsense", area="x"), '<details class="area"', count=3)
        self.stand_at(Assessment.State.EXPLANATION_REQUESTED)
        self.ask("2.2")
        self.assertEqual(self.visible_leaves(self.page(show="questions")), ["2.2"])
        self.assertContains(
            self.page(show="questions", area=str(self.framework.criteria.get(code="1").pk)),
            "Không có mục nào khớp bộ lọc.",
        )

    def test_every_area_folds(self):
        response = self.page()
        self.assertContains(response, '<details class="area"', count=3)
        self.assertContains(response, '<summary><h2 class="node depth-1"><span class="code">1.</span>')
