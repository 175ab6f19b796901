"""parindex draft-dispatch and its page: the dispatch after publication names the low criteria and the late units,
in the Nghị định 30 layout, and is refused while the results are open."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from docx import Document

from parindex.assessments.models import Campaign
from parindex.gaps.analysis import low_items
from parindex.publication.documents import pdf
from parindex.publication.documents.dispatch import draft_dispatch, late_units
from parindex.publication.tests.demo2021 import load_demo_2021
from parindex.publication.tests.office import require_soffice
from parindex.tests.district import DistrictTestCase


def text_of(path_or_bytes) -> str:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    doc = Document(source)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


class DraftDispatchOverTheDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = load_demo_2021()
        cls.campaign = Campaign.objects.get(code="cchc-2021-xa")

    def person(self, name):
        """A demo user by name (the loader gives Actors)."""
        found = self.people[name]
        return getattr(found, "user", found)

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.out = Path(self._tmp.name) / "cong-van.docx"

    def tearDown(self):
        self._tmp.cleanup()

    def test_the_command_writes_a_word_file_naming_the_low_criteria_and_the_late_units(self):
        call_command(
            "draft_dispatch",
            "--campaign",
            "cchc-2021-xa",
            "--out",
            str(self.out),
            "--date",
            "12/04/2022",
            "--district-index",
            "80,11",
            "--district-rank",
            "5/10",
            stdout=io.StringIO(),
        )
        text = text_of(self.out)
        criteria, sub_criteria = low_items(self.campaign)
        self.assertTrue(criteria)
        self.assertTrue(sub_criteria)
        for item in [*criteria, *sub_criteria]:
            self.assertIn(item.name, text)
        # The two communes that never submitted (their items appraised at 0).
        self.assertIn("Xã Hoàng Long và Xã Yên Phú không nộp hồ sơ tự đánh giá", text)
        self.assertIn("đạt 80,11/100 điểm, xếp thứ 5/10", text)
        self.assertIn("Thanh Giang, ngày 12 tháng 4 năm 2022", text)
        self.assertIn("Kính gửi: Chủ tịch UBND các xã, thị trấn", text)
        self.assertIn("CHỦ TỊCH", text)

    def test_the_word_file_has_the_decree_layout(self):
        call_command("draft_dispatch", "--campaign", "cchc-2021-xa", "--out", str(self.out), stdout=io.StringIO())
        doc = Document(str(self.out))
        section = doc.sections[0]
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        self.assertTrue(30 <= round(section.left_margin.mm) <= 35)
        self.assertTrue(15 <= round(section.right_margin.mm) <= 20)
        self.assertTrue(20 <= round(section.top_margin.mm) <= 25)
        self.assertEqual(doc.styles["Normal"].font.name, "Times New Roman")
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text_of(self.out))

    def test_it_opens_in_libreoffice_as_a_few_a4_pages(self):
        require_soffice()
        call_command("draft_dispatch", "--campaign", "cchc-2021-xa", "--out", str(self.out), stdout=io.StringIO())
        converted = pdf.docx_to_pdf(self.out.read_bytes())
        self.assertIn(pdf.page_count(converted), (2, 3, 4))

    def test_the_low_items_are_those_with_the_lowest_share_and_say_how_many_units_lost_points(self):
        draft = draft_dispatch(self.campaign)
        shares = [item.share for item in draft.low_sub_criteria]
        self.assertEqual(shares, sorted(shares))
        first = draft.low_sub_criteria[0]
        self.assertIn(f"{first.name}: đạt", "\n".join(draft.findings))
        self.assertIn(f"{first.units_losing}/{first.units} đơn vị bị mất điểm", "\n".join(draft.findings))
        # A unit for which an item is not applicable does not count in its share (6.3: 16 of the 17 communes).
        self.assertTrue(all(item.units_losing <= item.units <= 17 for item in draft.low_criteria))

    def test_the_agencies_submitted_on_time(self):
        self.assertEqual(late_units(Campaign.objects.get(code="cchc-2021-co-quan")), [])

    def test_home_affairs_edits_the_draft_on_the_web_and_downloads_it(self):
        self.client.force_login(self.person("noivu"))
        url = reverse("publication-dispatch", args=["cchc-2021-xa"])
        known = {"district_index": "80,11", "district_rank": "5/10"}
        self.client.get(url, known)
        # session, user, memberships, campaign, the last decision, the units, every final score, the late units and
        # the results: whatever the number of units and criteria
        with self.assertNumQueries(9):
            page = self.client.get(url, known)
        self.assertContains(page, "đạt 80,11/100 điểm, xếp thứ 5/10")
        self.assertContains(page, "Xã Hoàng Long")
        form = page.context["form"]
        data = {name: form.initial.get(name, "") for name in form.fields}
        data["requirements"] = "Yêu cầu đã sửa tay thứ nhất.\n2. Yêu cầu đã sửa tay thứ hai."
        data["number"] = "254/UBND-NV"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response["Content-Type"])
        text = text_of(response.content)
        self.assertIn("1. Yêu cầu đã sửa tay thứ nhất.", text)
        self.assertIn("2. Yêu cầu đã sửa tay thứ hai.", text)
        self.assertIn("Số: 254/UBND-NV", text)

    def test_a_district_index_that_is_not_a_number_is_said_beside_its_field(self):
        self.client.force_login(self.person("noivu"))
        page = self.client.get(reverse("publication-dispatch", args=["cchc-2021-xa"]), {"district_index": "tám"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("district_index", page.context["district"].errors)
        self.assertNotContains(page, "xếp thứ")

    def test_the_head_of_a_commune_may_not_draft_it(self):
        self.client.force_login(self.person("thutruong.anbinh"))
        response = self.client.get(reverse("publication-dispatch", args=["cchc-2021-xa"]))
        self.assertIn(response.status_code, (403, 404))


class DraftDispatchRefusedTests(DistrictTestCase):
    def test_the_command_refuses_a_campaign_whose_results_are_open(self):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "cong-van.docx"
            with self.assertRaisesMessage(CommandError, "c2021"):
                call_command("draft_dispatch", "--campaign", "c2021", "--out", str(out), stdout=io.StringIO())
            self.assertFalse(out.exists())

    def test_the_command_refuses_a_bad_file_name_or_index(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaisesMessage(CommandError, ".docx"):
                call_command("draft_dispatch", "--campaign", "c2021", "--out", str(Path(folder) / "x.pdf"))
            with self.assertRaisesMessage(CommandError, "--district-index"):
                call_command(
                    "draft_dispatch",
                    "--campaign",
                    "c2021",
                    "--out",
                    str(Path(folder) / "x.docx"),
                    "--district-index",
                    "x",
                )

    def test_the_page_says_to_lock_the_results_first(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("publication-dispatch", args=["c2021"]))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "khóa", status_code=409)

    def test_only_home_affairs_over_the_running_unit_opens_it(self):
        for user, status in ((self.viewer, 403), (self.commune_officer, 403), (self.outsider, 404)):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("publication-dispatch", args=["c2021"])).status_code, status)
