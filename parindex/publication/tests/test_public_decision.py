"""The public page of a published campaign offers the PDF of its current decision ("Quyết định công bố (PDF)"),
open to everyone; nothing before publication, without a PDF, or once the results were locked again."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.core.files.base import ContentFile
from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.audit.services import Actor
from parindex.publication.documents import pdf
from parindex.publication.models import Decision
from parindex.publication.tests.decision_case import FAKE_PDF, DecisionCase


class PublicDecisionTests(DecisionCase):
    def pdf_url(self):
        return reverse("public-decision-pdf", args=[self.campaign.code])

    def publish(self):
        self.lock()
        lifecycle.publish(self.campaign, Actor.of(self.home_affairs))

    def test_the_public_page_offers_the_current_decisions_pdf(self):
        self.publish()
        page = reverse("public-results", args=[self.campaign.code])
        self.assertContains(self.client.get(page), "Quyết định công bố: chưa có")
        self.issue()
        self.client.logout()
        response = self.client.get(page)
        self.assertContains(response, "Quyết định công bố (PDF)")
        self.assertContains(response, self.pdf_url())
        served = self.client.get(self.pdf_url())
        self.assertEqual((served["Content-Type"], served.getvalue()), ("application/pdf", FAKE_PDF))

    def test_no_pdf_without_libreoffice_and_the_page_says_so(self):
        self.publish()
        self.client.force_login(self.home_affairs)
        with mock.patch.object(
            pdf, "docx_to_pdf", side_effect=pdf.ConversionError("LibreOffice (soffice) is not installed")
        ):
            self.client.post(self.url(), self.form())
        self.client.logout()
        self.assertContains(self.client.get(reverse("public-results", args=[self.campaign.code])), "chưa có")
        self.assertEqual(self.client.get(self.pdf_url()).status_code, 404)

    def test_a_decision_older_than_the_last_lock_is_not_offered(self):
        self.publish()
        self.issue()
        decision = Decision.objects.get()
        Decision.objects.filter(pk=decision.pk).update(issued_at=self.campaign.locked_at - timedelta(minutes=1))
        self.client.logout()
        self.assertEqual(self.client.get(self.pdf_url()).status_code, 404)

    def test_nothing_before_publication(self):
        self.lock()
        self.issue()
        self.client.logout()
        self.assertEqual(self.client.get(self.pdf_url()).status_code, 404)
        decision = Decision.objects.get()
        decision.pdf.save("x.pdf", ContentFile(FAKE_PDF))
        self.assertEqual(self.client.get(self.pdf_url()).status_code, 404)
