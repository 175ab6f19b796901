"""The decision's page: Home Affairs over the running unit issues it once the results are locked (the Word file
downloads, the decision is kept and audited) and downloads what was issued; nobody else may."""

from __future__ import annotations

import io
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from docx import Document

from parindex.audit.models import AuditEntry
from parindex.publication.documents import pdf
from parindex.publication.models import Decision
from parindex.publication.tests.decision_case import FAKE_PDF, DecisionCase


class DecisionPageTests(DecisionCase):
    def test_only_home_affairs_over_the_running_unit_open_it(self):
        self.lock()
        for user, status in [
            (self.home_affairs, 200),
            (self.viewer, 403),
            (self.appraiser, 403),
            (self.commune_home_affairs, 403),
            (self.commune_officer, 403),
            (self.outsider, 404),
        ]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url()).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_an_open_campaign_shows_why_and_no_form(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url())
        self.assertContains(response, "chỉ lập từ kết quả đã khóa hoặc đã công bố")
        self.assertNotContains(response, 'id="decision-form"')
        with mock.patch.object(pdf, "docx_to_pdf", return_value=FAKE_PDF):
            self.client.post(self.url(), self.form())
        self.assertFalse(Decision.objects.exists())

    def test_the_form_is_prefilled_from_the_data(self):
        self.lock()
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url())
        self.assertContains(response, 'value="UBND huyện Thanh Giang"')
        self.assertContains(response, 'value="Thanh Giang"')
        self.assertContains(response, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
        self.assertContains(response, timezone.localdate().strftime("%d/%m/%Y"))
        self.assertContains(response, "Ban hành quyết định và tải tệp Word")

    def test_issuing_downloads_the_word_file_and_keeps_it_audited(self):
        self.lock()
        response = self.issue()
        self.assertEqual(response.status_code, 200)
        self.assertIn('filename="quyet-dinh-771-QD-UBND.docx"', response["Content-Disposition"])
        doc = Document(io.BytesIO(response.content))
        self.assertEqual(doc.tables[0].cell(1, 0).text, "Số: 771/QĐ-UBND")
        texts = [p.text for p in doc.paragraphs]
        self.assertIn("Căn cứ Luật Tổ chức chính quyền địa phương;", texts)
        decision = Decision.objects.get()
        self.assertEqual(
            (decision.signer, decision.issued_by, decision.pdf.read()), ("Nguyễn Văn Bình", self.home_affairs, FAKE_PDF)
        )
        entry = AuditEntry.objects.get(action="decision.issued")
        self.assertEqual((entry.campaign_id, entry.actor), (self.campaign.pk, self.home_affairs))
        self.assertEqual(entry.after["number"], "771/QĐ-UBND")

    def test_a_bad_date_is_named_and_nothing_is_issued(self):
        self.lock()
        response = self.issue(issued_on="31/02/2027")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has-error")
        self.assertFalse(Decision.objects.exists())

    def test_the_next_form_starts_from_the_last_decision(self):
        self.lock()
        self.issue(legal_bases="Căn cứ một văn bản riêng của huyện.")
        response = self.client.get(self.url())
        self.assertContains(response, "Căn cứ một văn bản riêng của huyện.")
        self.assertContains(response, "771/QĐ-UBND")
        self.assertContains(
            response, reverse("publication-decision-file", args=[self.campaign.code, Decision.objects.get().pk, "pdf"])
        )

    def test_the_issued_files_download_for_those_who_run_the_campaign_only(self):
        self.lock()
        self.issue()
        decision = Decision.objects.get()
        url = reverse("publication-decision-file", args=[self.campaign.code, decision.pk, "pdf"])
        self.assertEqual(self.client.get(url).getvalue(), FAKE_PDF)
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_campaign_page_links_the_decision_once_locked(self):
        self.client.force_login(self.home_affairs)
        page = reverse("assessments:campaign-detail", args=[self.campaign.code])
        self.assertNotContains(self.client.get(page), self.url())
        self.lock()
        self.assertContains(self.client.get(page), self.url())
        self.client.force_login(self.viewer)
        self.assertNotContains(self.client.get(page), self.url())
