"""Every campaign page for every role: who gets the page, and that everyone else gets 403 or 404, never data.

Set-up: commune X-AN has submitted, with a file and an explanation note; ``appraiser`` is assigned to it,
``idle_appraiser`` to nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.assessments import evidence, workflow
from parindex.audit.models import AuditEntry
from parindex.audit.services import Actor
from parindex.testfiles import make_pdf
from parindex.testing import DistrictTestCase

SECRET_NOTE = "Ghi chú nội bộ của xã An Bình"
PEOPLE = [
    "commune_officer",
    "commune_head",
    "other_officer",
    "appraiser",
    "idle_appraiser",
    "home_affairs",
    "viewer",
    "outsider",
]


class PermissionMatrixTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.leaf = cls.framework.criteria.get(code="1.1")
        officer = Actor.of(cls.commune_officer)
        workflow.save_self_score(cls.campaign, cls.commune, cls.leaf, "1", False, officer)
        workflow.save_note(cls.campaign, cls.commune, cls.leaf, SECRET_NOTE, officer)

    def setUp(self):
        self.file = evidence.add_evidence(
            self.campaign,
            self.commune,
            self.leaf,
            SimpleUploadedFile("kh.pdf", make_pdf()),
            "kh.pdf",
            Actor.of(self.commune_officer),
        )
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)

    def check(self, url, allowed, method="get", data=None, denied=(403, 404)):
        """``allowed`` maps person → expected status; everyone else is refused and sees nothing of the unit."""
        for name in PEOPLE:
            with self.subTest(url=url, person=name):
                self.client.force_login(getattr(self, name))
                response = getattr(self.client, method)(url, data or {})
                if name in allowed:
                    self.assertEqual(response.status_code, allowed[name])
                else:
                    self.assertIn(response.status_code, denied)
                    self.assertNotIn(SECRET_NOTE, response.content.decode())
        self.client.logout()
        with self.subTest(url=url, person="anonymous"):
            response = getattr(self.client, method)(url, data or {})
            self.assertIn(response.status_code, (302, 404))
            if response.status_code == 302:
                self.assertIn("/login/", response["Location"])

    def url(self, name, *args):
        return reverse(f"assessments:{name}", args=["c2021", *args])

    def test_campaign_pages_are_for_people_of_the_campaigns_units(self):
        everyone_but_outsider = {name: 200 for name in PEOPLE if name != "outsider"}
        self.check(self.url("campaign-detail"), everyone_but_outsider)
        self.check(self.url("campaign-ranking"), everyone_but_outsider)

    def test_the_overview_is_for_the_council_and_home_affairs(self):
        self.check(self.url("overview"), {"appraiser": 200, "home_affairs": 200, "viewer": 200})

    def test_set_up_pages_are_for_home_affairs(self):
        self.check(self.url("campaign-settings"), {"home_affairs": 200})
        self.check(self.url("assignments"), {"home_affairs": 200})
        self.check(self.url("exception", "X-AN"), {"home_affairs": 200})
        self.check(reverse("assessments:campaign-new"), {"home_affairs": 200})

    def test_the_units_sheet_is_for_its_own_people(self):
        self.check(self.url("unit-sheet", "X-AN"), {"commune_officer": 200, "commune_head": 200})

    def test_the_appraisal_sheet_is_for_the_assigned_appraiser_and_oversight(self):
        allowed = {"appraiser": 200, "home_affairs": 200, "viewer": 200}
        self.check(self.url("appraisal-sheet", "X-AN"), allowed)
        self.check(
            self.url("leaf-history", "X-AN", self.leaf.pk), {**allowed, "commune_officer": 200, "commune_head": 200}
        )

    def test_evidence_files_are_served_only_to_permitted_users(self):
        allowed = {"commune_officer": 200, "commune_head": 200, "appraiser": 200, "home_affairs": 200, "viewer": 200}
        self.check(self.url("evidence", self.file.pk), allowed)

    def test_the_public_pages_need_no_login_and_show_nothing_unpublished(self):
        self.assertEqual(self.client.get(reverse("public-list")).status_code, 200)
        self.assertNotContains(self.client.get(reverse("public-list")), "c2021")
        self.assertEqual(self.client.get(reverse("public-results", args=["c2021"])).status_code, 404)

    def test_refused_posts_change_nothing(self):
        before = AuditEntry.objects.count()
        question_leaf = self.framework.criteria.get(code="1.2")
        posts = [
            (
                self.url("save-leaf", "X-AN", self.leaf.pk),
                {"score_fields": "1", "value": "3"},
                {"commune_officer", "commune_head"},
            ),
            (self.url("upload-evidence", "X-AN", self.leaf.pk), {}, {"commune_officer", "commune_head"}),
            (self.url("remove-evidence", "X-AN", self.file.pk), {}, {"commune_officer", "commune_head"}),
            (self.url("submit", "X-AN"), {"confirm": "1"}, {"commune_head"}),
            (self.url("withdraw", "X-AN"), {}, {"commune_head"}),
            (self.url("send-explanation", "X-AN"), {}, {"commune_head"}),
            (self.url("appraise-leaf", "X-AN", self.leaf.pk), {"points": "0", "reason": "x"}, {"appraiser"}),
            (self.url("ask", "X-AN", question_leaf.pk), {"question": "?"}, {"appraiser"}),
            (self.url("close-round", "X-AN"), {"round": "1"}, {"appraiser"}),
            (self.url("exception", "X-AN"), {"until": "2099-01-01T17:00", "reason": "x"}, {"home_affairs"}),
            (self.url("change-status", "lock"), {"confirm": "1"}, {"home_affairs"}),
        ]
        for url, data, allowed in posts:
            for name in set(PEOPLE) - allowed:
                with self.subTest(url=url, person=name):
                    self.client.force_login(getattr(self, name))
                    self.assertIn(self.client.post(url, data).status_code, (403, 404))
        self.assertEqual(AuditEntry.objects.count(), before)
