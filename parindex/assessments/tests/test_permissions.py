"""Every campaign page for every role: who gets the page, and that everyone else gets 403 or 404, never data.

Set-up: commune X-AN has submitted, with a file and an explanation note; ``appraiser`` is assigned to it,
``idle_appraiser`` to nothing. The campaign is run by the district: ``commune_home_affairs`` and ``commune_viewer``
(roles on X-AN only) read X-AN's file like their district counterparts, but every campaign-wide page and action
refuses them.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.assessments import evidence, workflow
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign
from parindex.assessments.services import CampaignError, open_campaign
from parindex.audit.models import AuditEntry
from parindex.audit.services import Actor
from parindex.org.models import Unit, UnitGroup
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase
from parindex.tests.files import make_pdf

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
    "commune_home_affairs",
    "commune_viewer",
]
SUB_SCOPED = ("commune_home_affairs", "commune_viewer")
CALENDAR = {
    "self_opens_at": "2022-11-01T07:30",
    "self_closes_at": "2022-11-15T17:00",
    "round1_ends_at": "2022-11-30T17:00",
    "explanation_closes_at": "2022-12-07T17:00",
    "round2_ends_at": "2022-12-15T17:00",
    "publish_on": "2022-12-31",
    "late_deduction": "0",
}


class SubmittedCommuneTestCase(DistrictTestCase):
    """X-AN has submitted its sheet with a file and a private note (no test here)."""

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


class PermissionMatrixTests(SubmittedCommuneTestCase):
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
        # Any Home Affairs person opens the form; what they may create is decided on the running unit (below).
        self.check(reverse("assessments:campaign-new"), {"home_affairs": 200, "commune_home_affairs": 200})

    def test_the_units_sheet_is_for_its_own_people(self):
        self.check(self.url("unit-sheet", "X-AN"), {"commune_officer": 200, "commune_head": 200})

    def test_the_appraisal_sheet_is_for_the_assigned_appraiser_and_oversight(self):
        # Oversight of one commune reads that commune's submitted file, read-only.
        allowed = {
            "appraiser": 200,
            "home_affairs": 200,
            "viewer": 200,
            "commune_home_affairs": 200,
            "commune_viewer": 200,
        }
        self.check(self.url("appraisal-sheet", "X-AN"), allowed)
        self.check(
            self.url("leaf-history", "X-AN", self.leaf.pk), {**allowed, "commune_officer": 200, "commune_head": 200}
        )

    def test_evidence_files_are_served_only_to_permitted_users(self):
        allowed = {"commune_officer": 200, "commune_head": 200, "appraiser": 200, "home_affairs": 200, "viewer": 200}
        self.check(self.url("evidence", self.file.pk), {**allowed, **dict.fromkeys(SUB_SCOPED, 200)})

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


class SubScopedPeopleTests(SubmittedCommuneTestCase):
    """Home Affairs staff and a leader of one commune (X-AN, the group's first unit) against the district's campaign:
    403 on every campaign-wide page and action (404 on a campaign with none of their units), and nothing changes."""

    def login(self, name):
        self.client.force_login(getattr(self, name))

    def state(self):
        """Everything a campaign-wide action could change."""
        self.campaign.refresh_from_db()
        return (
            AuditEntry.objects.count(),
            Campaign.objects.count(),
            {f: getattr(self.campaign, f) for f in ("status", "name", "self_closes_at", "late_deduction", "owner_id")},
            sorted(AppraiserAssignment.objects.values_list("user_id", "unit_id", "area_id")),
            list(Assessment.objects.order_by("pk").values_list("deadline_override", "state")),
        )

    def campaign_wide_urls(self):
        return [
            self.url("overview"),
            self.url("campaign-settings"),
            self.url("assignments"),
            self.url("exception", "X-AN"),
            self.url("exception", "X-BINH"),
            self.url("change-status", "lock"),
            self.url("change-status", "publish"),
            self.url("change-status", "reopen"),
        ]

    def test_every_campaign_wide_page_is_forbidden_to_people_of_one_commune(self):
        for url in self.campaign_wide_urls():
            for name in SUB_SCOPED:
                with self.subTest(url=url, person=name):
                    self.login(name)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 403)
                    self.assertNotContains(response, "Xã Bình Minh", status_code=403)
        # The same pages open for the district's Home Affairs staff: the refusal is about the scope, not the page.
        self.login("home_affairs")
        for url in self.campaign_wide_urls()[:5]:
            with self.subTest(url=url, person="home_affairs"):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_campaign_with_none_of_their_units_is_not_found(self):
        open_campaign("cq2021", "mini", "co-quan", ACTOR)
        for name in SUB_SCOPED:
            self.login(name)
            for url in ("overview", "campaign-settings", "assignments", "campaign-detail", "campaign-ranking"):
                with self.subTest(url=url, person=name):
                    self.assertEqual(self.client.get(reverse(f"assessments:{url}", args=["cq2021"])).status_code, 404)
            self.assertEqual(
                self.client.post(reverse("assessments:change-status", args=["cq2021", "lock"])).status_code, 404
            )

    def test_campaign_wide_posts_by_people_of_one_commune_change_nothing(self):
        before = self.state()
        posts = [
            (self.url("campaign-settings"), {"name": "Đợt đổi tên", **CALENDAR}),
            (self.url("assignments"), {"user": self.idle_appraiser.pk, "units": [self.commune.pk]}),
            (self.url("exception", "X-AN"), {"until": "2099-01-01T17:00", "reason": "Công văn 1/UBND"}),
            (self.url("change-status", "lock"), {"confirm": "1", "reason": "x"}),
        ]
        for url, data in posts:
            for name in SUB_SCOPED:
                with self.subTest(url=url, person=name):
                    self.login(name)
                    self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertEqual(self.state(), before)

    def test_locked_results_cannot_be_published_or_reopened_by_people_of_one_commune(self):
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.LOCKED)
        before = self.state()
        for action, data in (("publish", {"confirm": "1"}), ("reopen", {"confirm": "1", "reason": "Quyết định 9"})):
            for name in SUB_SCOPED:
                with self.subTest(action=action, person=name):
                    self.login(name)
                    self.assertEqual(self.client.post(self.url("change-status", action), data).status_code, 403)
        self.assertEqual(self.state(), before)
        self.assertEqual(before[2]["status"], Campaign.Status.LOCKED)

    def test_they_read_only_their_own_commune_on_the_ranking_and_the_rating_table(self):
        rules, meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
        Campaign.objects.filter(pk=self.campaign.pk).update(rating_rules=install_rule_set(rules, meta, ACTOR)[0])
        urls = [
            self.url("campaign-ranking"),
            self.url("campaign-ranking-print"),
            reverse("ratings:campaign-ratings", args=["c2021"]),
        ]
        for url in urls:
            for name in SUB_SCOPED:
                with self.subTest(url=url, person=name):
                    self.login(name)
                    response = self.client.get(url)
                    self.assertContains(response, "Xã An Bình")
                    self.assertNotContains(response, "Xã Bình Minh")
            with self.subTest(url=url, person="viewer"):
                self.login("viewer")
                self.assertContains(self.client.get(url), "Xã Bình Minh")

    def test_the_campaign_page_offers_them_no_campaign_wide_action(self):
        for name in SUB_SCOPED:
            with self.subTest(person=name):
                self.login(name)
                response = self.client.get(self.url("campaign-detail"))
                self.assertNotContains(response, self.url("overview"))
                self.assertNotContains(response, self.url("campaign-settings"))
                self.assertNotContains(response, self.url("change-status", "lock"))
        self.login("viewer")
        page = self.client.get(self.url("campaign-detail"))
        self.assertContains(page, self.url("overview"))
        self.assertContains(page, "Đơn vị tổ chức: UBND huyện Thanh Giang")

    def test_home_affairs_of_one_commune_cannot_open_a_campaign_over_the_whole_group(self):
        before = self.state()
        self.login("commune_home_affairs")
        data = {"code": "xa-2022", "framework": self.framework.pk, "group": self.communes.pk, "year": 2022, **CALENDAR}
        # No unit in their scope is above every unit of any group: the form offers none.
        form = self.client.get(reverse("assessments:campaign-new")).context["form"]
        self.assertEqual(list(form.fields["owner"].queryset), [])
        cases = [
            ("", "UBND huyện Thanh Giang nằm ngoài phạm vi của bạn"),
            (self.district.pk, "has-error"),
            (self.commune.pk, "has-error"),
        ]
        for owner, message in cases:
            with self.subTest(owner=owner):
                response = self.client.post(reverse("assessments:campaign-new"), {**data, "owner": owner})
                self.assertContains(response, message)
        self.assertEqual(self.state(), before)

    def test_home_affairs_of_one_commune_opens_a_campaign_of_units_within_it(self):
        hamlets = UnitGroup.objects.create(code="thon", name="Thôn")
        Unit.objects.create(code="X-AN-1", name="Thôn Một", parent=self.commune, group=hamlets)
        Unit.objects.create(code="X-AN-2", name="Thôn Hai", parent=self.commune, group=hamlets)
        self.login("commune_home_affairs")
        data = {"code": "thon-2022", "framework": self.framework.pk, "group": hamlets.pk, "year": 2022, **CALENDAR}
        response = self.client.post(reverse("assessments:campaign-new"), {**data, "owner": ""})
        self.assertRedirects(response, self.url("campaign-detail").replace("c2021", "thon-2022"))
        campaign = Campaign.objects.get(code="thon-2022")
        self.assertEqual(campaign.owner, self.commune)
        form = self.client.get(reverse("assessments:campaign-new")).context["form"]
        self.assertEqual([u.code for u in form.fields["owner"].queryset], ["X-AN"])
        self.assertEqual(self.client.get(reverse("assessments:overview", args=["thon-2022"])).status_code, 200)

    def test_the_service_refuses_a_person_a_campaign_run_outside_their_scope(self):
        staff = Actor.of(self.commune_home_affairs)
        with self.assertRaisesMessage(CampaignError, "nằm ngoài phạm vi của bạn"):
            open_campaign("xa-2022", "mini", "xa", staff)
        with self.assertRaisesMessage(CampaignError, "Xã Bình Minh không trực thuộc đơn vị này"):
            open_campaign("xa-2022", "mini", "xa", staff, owner_code="X-AN")
        with self.assertRaisesMessage(CampaignError, "nằm ngoài phạm vi của bạn"):
            open_campaign("xa-2022", "mini", "xa", Actor.of(self.commune_viewer), owner_code="H")
        self.assertFalse(Campaign.objects.filter(code="xa-2022").exists())
        self.assertEqual(open_campaign("xa-2022", "mini", "xa", Actor.of(self.home_affairs)).owner, self.district)
