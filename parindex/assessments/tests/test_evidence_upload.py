"""Evidence uploads: checked by content, stored privately, served only to permitted users, audited."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from parindex.assessments import workflow
from parindex.assessments.models import Evidence
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase
from parindex.tests.files import make_exe, make_pdf


class EvidenceUploadTests(DistrictTestCase):
    def setUp(self):
        self.leaf = self.framework.criteria.get(code="1.1")
        self.url = reverse("assessments:upload-evidence", args=["c2021", "X-AN", self.leaf.pk])

    def upload(self, name, content, person=None):
        self.client.force_login(person or self.commune_officer)
        return self.client.post(self.url, {"files": SimpleUploadedFile(name, content)}, follow=True)

    def test_a_real_pdf_is_stored_privately_and_audited(self):
        response = self.upload("Kế hoạch CCHC 2021.pdf", make_pdf())
        self.assertContains(response, "Kế hoạch CCHC 2021.pdf")
        evidence = Evidence.objects.get()
        self.assertEqual((evidence.kind, evidence.unit, evidence.criterion), ("pdf", self.commune, self.leaf))
        self.assertNotIn("Kế hoạch", evidence.file.name)  # stored under a random name
        entry = AuditEntry.objects.get(action=Action.EVIDENCE_ADDED)
        self.assertEqual((entry.criterion_id, entry.after["sha256"]), (self.leaf.pk, evidence.sha256))

    def test_a_renamed_executable_is_refused_with_a_clear_message(self):
        response = self.upload("baocao.pdf", make_exe())
        self.assertContains(response, "baocao.pdf")
        self.assertContains(response, "chương trình")
        self.assertFalse(Evidence.objects.exists())

    def test_an_empty_file_is_refused(self):
        response = self.upload("baocao.pdf", b"")
        self.assertContains(response, "rỗng")
        self.assertFalse(Evidence.objects.exists())

    @override_settings(EVIDENCE_MAX_MB=1)
    def test_an_oversized_file_is_refused(self):
        response = self.upload("baocao.pdf", make_pdf() + b"%" * (1024 * 1024))
        self.assertContains(response, "quá lớn")
        self.assertFalse(Evidence.objects.exists())

    def test_the_unit_downloads_its_file_and_others_get_404(self):
        self.upload("kehoach.pdf", make_pdf())
        evidence = Evidence.objects.get()
        url = reverse("assessments:evidence", args=["c2021", evidence.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), make_pdf())
        self.assertEqual(response["Content-Type"], "application/pdf")
        for person in (self.other_officer, self.appraiser, self.home_affairs, self.outsider):
            self.client.force_login(person)
            self.assertEqual(self.client.get(url).status_code, 404, person.username)

    def test_the_assigned_appraiser_opens_it_once_the_unit_has_submitted(self):
        self.upload("kehoach.pdf", make_pdf())
        workflow.save_self_score(self.campaign, self.commune, self.leaf, "1", False, Actor.of(self.commune_officer))
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        url = reverse("assessments:evidence", args=["c2021", Evidence.objects.get().pk])
        for person, status in ((self.appraiser, 200), (self.home_affairs, 200), (self.idle_appraiser, 404)):
            self.client.force_login(person)
            self.assertEqual(self.client.get(url).status_code, status, person.username)

    def test_removing_a_file_keeps_it_for_the_audit_trail(self):
        self.upload("kehoach.pdf", make_pdf())
        evidence = Evidence.objects.get()
        self.client.post(reverse("assessments:remove-evidence", args=["c2021", "X-AN", evidence.pk]))
        evidence.refresh_from_db()
        self.assertIsNotNone(evidence.removed_at)
        self.assertTrue(evidence.file.storage.exists(evidence.file.name))
        self.assertTrue(AuditEntry.objects.filter(action=Action.EVIDENCE_REMOVED, object_id=str(evidence.pk)).exists())

    def test_another_commune_cannot_upload_to_this_unit(self):
        response = self.upload("kehoach.pdf", make_pdf(), person=self.other_officer)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Evidence.objects.exists())
