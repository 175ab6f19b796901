"""The disciplinary cases register: who reads it, who keeps it, Vietnamese form errors, the audit, and the stored
ratings it moves."""

from datetime import date, timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.ratings.models import DisciplinaryCase, HeadRating
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over

REGISTER = reverse("ratings:register")
NEW = reverse("ratings:case-new")


class RegisterTests(DistrictTestCase):
    def setUp(self):
        self.case = DisciplinaryCase.objects.create(
            unit=self.commune,
            decided_on=date(2021, 5, 4),
            decision_number="12/QĐ-UBND",
            kind=DisciplinaryCase.Kind.HARASSMENT,
            official="Nguyễn Văn Tư",
        )
        DisciplinaryCase.objects.create(
            unit=self.other_commune,
            decided_on=date(2020, 3, 2),
            decision_number="7/QĐ-UBND",
            kind=DisciplinaryCase.Kind.CORRUPTION,
            official="Lê Thị Năm",
        )

    def get_register(self, user, query=""):
        self.client.force_login(user)
        return self.client.get(REGISTER + query)

    def post_new(self, user, **fields):
        self.client.force_login(user)
        data = {
            "unit": self.commune.pk,
            "decided_on": "2021-09-15",
            "decision_number": "45/QĐ-UBND",
            "kind": "lam_dung_chuc_vu",
            "official": "Trần Văn Sáu",
            "summary": "Lợi dụng chức vụ khi cấp phép xây dựng",
        }
        data.update(fields)
        return self.client.post(NEW, data)

    def test_home_affairs_and_the_viewer_read_every_case_of_their_district(self):
        for user in (self.home_affairs, self.viewer):
            response = self.get_register(user)
            self.assertContains(response, "12/QĐ-UBND")
            self.assertContains(response, "7/QĐ-UBND")
            self.assertContains(response, "04/05/2021")

    def test_a_head_reads_only_the_cases_of_their_own_unit(self):
        response = self.get_register(self.commune_head)
        self.assertContains(response, "12/QĐ-UBND")
        self.assertNotContains(response, "7/QĐ-UBND")
        self.assertNotContains(response, "Ghi quyết định")

    def test_officers_appraisers_and_outsiders_are_refused(self):
        for user in (self.commune_officer, self.appraiser, self.outsider):
            self.assertEqual(self.get_register(user).status_code, 403, user.username)

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        self.assertRedirects(self.client.get(REGISTER), "/login/?next=" + REGISTER, fetch_redirect_response=False)

    def test_the_menu_shows_the_register_to_those_who_read_it(self):
        self.client.force_login(self.viewer)
        self.assertContains(self.client.get(reverse("assessments:campaign-list")), "Sổ kỷ luật")
        self.client.force_login(self.commune_officer)
        self.assertNotContains(self.client.get(reverse("assessments:campaign-list")), "Sổ kỷ luật")

    def test_it_filters_by_year_and_unit(self):
        response = self.get_register(self.home_affairs, "?year=2020")
        self.assertContains(response, "7/QĐ-UBND")
        self.assertNotContains(response, "12/QĐ-UBND")
        response = self.get_register(self.home_affairs, "?q=An+B")
        self.assertContains(response, "12/QĐ-UBND")
        self.assertNotContains(response, "7/QĐ-UBND")
        self.assertContains(self.get_register(self.home_affairs, "?year=abc"), "Bộ lọc không hợp lệ")

    def test_the_register_reads_a_fixed_number_of_queries(self):
        for i in range(30):
            DisciplinaryCase.objects.create(
                unit=self.agency,
                decided_on=date(2021, 1, 1) + timedelta(days=i),
                decision_number=f"{i}/QĐ",
                kind="khac",
            )
        self.client.force_login(self.home_affairs)
        with self.assertNumQueries(5):  # session, user, memberships, cases with their unit, count for the pages
            self.client.get(REGISTER)

    def test_home_affairs_records_a_decision_and_it_is_audited(self):
        response = self.post_new(self.home_affairs)
        self.assertRedirects(response, REGISTER)
        case = DisciplinaryCase.objects.get(decision_number="45/QĐ-UBND")
        self.assertEqual(case.created_by, self.home_affairs)
        entry = AuditEntry.objects.get(action=Action.DISCIPLINE_CHANGED)
        self.assertEqual((entry.actor, entry.unit_id, entry.before), (self.home_affairs, self.commune.pk, None))
        self.assertEqual(entry.after["decided_on"], "2021-09-15")
        self.assertEqual(entry.after["kind"], "lam_dung_chuc_vu")

    def test_the_form_says_what_is_wrong_in_vietnamese_and_saves_nothing(self):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        entries = AuditEntry.objects.count()
        response = self.post_new(self.home_affairs, decided_on=tomorrow, decision_number="12/qđ-ubnd", kind="")
        self.assertContains(response, "không được sau ngày hôm nay")
        self.assertContains(response, "quyết định 12/qđ-ubnd của Xã An Bình đã có trong sổ")
        self.assertContains(response, "Trường này là bắt buộc")
        self.assertEqual(DisciplinaryCase.objects.count(), 2)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_decision_date_typed_as_dd_mm_yyyy_is_read(self):
        self.post_new(self.home_affairs, decided_on="15/09/2021")
        self.assertEqual(DisciplinaryCase.objects.get(decision_number="45/QĐ-UBND").decided_on, date(2021, 9, 15))

    def test_only_home_affairs_may_record_edit_or_remove(self):
        edit = reverse("ratings:case-edit", args=[self.case.pk])
        delete = reverse("ratings:case-delete", args=[self.case.pk])
        entries = AuditEntry.objects.count()
        for user, status in [
            (self.viewer, 403),
            (self.commune_head, 403),
            (self.commune_officer, 404),
            (self.other_officer, 404),
            (self.outsider, 404),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.post(edit, {"reason": "x"}).status_code, status, user.username)
            self.assertEqual(self.client.post(delete, {"reason": "x"}).status_code, status, user.username)
            self.assertEqual(self.post_new(user).status_code, 403, user.username)
        self.assertEqual(DisciplinaryCase.objects.count(), 2)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_editing_needs_a_reason_and_records_before_and_after(self):
        self.client.force_login(self.home_affairs)
        edit = reverse("ratings:case-edit", args=[self.case.pk])
        data = {
            "unit": self.commune.pk,
            "decided_on": "04/05/2021",
            "decision_number": "12/QĐ-UBND",
            "kind": "lam_dung_chuc_vu",
            "official": "Nguyễn Văn Tư",
            "summary": "",
        }
        self.assertContains(self.client.post(edit, data), "Trường này là bắt buộc")
        self.assertRedirects(self.client.post(edit, {**data, "reason": "Quyết định ghi nhầm loại vi phạm"}), REGISTER)
        entry = AuditEntry.objects.get(action=Action.DISCIPLINE_CHANGED)
        self.assertEqual((entry.before["kind"], entry.after["kind"]), ("nhung_nhieu", "lam_dung_chuc_vu"))
        self.assertEqual(entry.reason, "Quyết định ghi nhầm loại vi phạm")

    def test_removing_needs_a_reason_and_the_audit_keeps_the_case(self):
        self.client.force_login(self.home_affairs)
        delete = reverse("ratings:case-delete", args=[self.case.pk])
        self.client.post(delete, {"reason": "  "})
        self.assertTrue(DisciplinaryCase.objects.filter(pk=self.case.pk).exists())
        self.client.post(delete, {"reason": "Quyết định đã bị huỷ"})
        self.assertFalse(DisciplinaryCase.objects.filter(pk=self.case.pk).exists())
        entry = AuditEntry.objects.get(action=Action.DISCIPLINE_REMOVED)
        self.assertEqual((entry.before["decision_number"], entry.after), ("12/QĐ-UBND", None))

    def test_a_change_in_the_admin_is_audited_too(self):
        admin_user = self.person("quantri", None, None, is_staff=True, is_superuser=True)
        self.client.force_login(admin_user)
        url = reverse("admin:ratings_disciplinarycase_add")
        data = {
            "unit": self.agency.pk,
            "decided_on": "01/02/2021",
            "decision_number": "3/QĐ",
            "kind": "khac",
            "official": "",
            "summary": "",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(AuditEntry.objects.get(action=Action.DISCIPLINE_CHANGED).after["decision_number"], "3/QĐ")


class RegisterMovesStoredRatingsTests(DistrictTestCase):
    """The register changes the stored ratings of locked results at once, never published ones."""

    def setUp(self):
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        for code, points in {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"}.items():
            set_score(self.campaign, self.commune, leaves[code], Stage.APPRAISED, D(points), ACTOR)  # 85,00: "tot"
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(self.campaign, {"rating_rules": stored}, Actor.of(self.home_affairs))
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))

    def level(self):
        return HeadRating.objects.get(campaign=self.campaign, unit=self.commune).level_code

    def record_abuse(self, decided_on="2021-09-15"):
        self.client.force_login(self.home_affairs)
        data = {
            "unit": self.commune.pk,
            "decided_on": decided_on,
            "decision_number": "45/QĐ-UBND",
            "kind": "lam_dung_chuc_vu",
            "official": "",
            "summary": "",
        }
        return self.client.post(NEW, data, follow=True)

    def test_a_case_in_the_campaign_year_lowers_a_locked_rating_with_an_audited_reason(self):
        self.assertEqual(self.level(), "tot")
        response = self.record_abuse()
        self.assertContains(response, "Đã tính lại xếp loại người đứng đầu")
        self.assertEqual(self.level(), "hoan_thanh")
        entry = AuditEntry.objects.filter(action=Action.HEAD_RATED).latest("id")
        self.assertEqual((entry.before["level"], entry.after["level"]), ("tot", "hoan_thanh"))
        self.assertIn("45/QĐ-UBND", entry.reason)

    def test_removing_the_case_restores_the_rating(self):
        self.record_abuse()
        case = DisciplinaryCase.objects.get()
        self.client.post(reverse("ratings:case-delete", args=[case.pk]), {"reason": "Nhập nhầm"})
        self.assertEqual(self.level(), "tot")

    def test_moving_a_case_to_another_year_takes_it_off_the_rating(self):
        self.record_abuse()
        case = DisciplinaryCase.objects.get()
        data = {
            "unit": self.commune.pk,
            "decided_on": "2022-01-10",
            "decision_number": "45/QĐ-UBND",
            "kind": "lam_dung_chuc_vu",
            "official": "",
            "summary": "",
            "reason": "Sai ngày",
        }
        self.client.post(reverse("ratings:case-edit", args=[case.pk]), data)
        self.assertEqual(self.level(), "tot")

    def test_a_published_rating_stays_and_the_page_says_how_to_apply_the_change(self):
        lifecycle.publish(self.campaign, Actor.of(self.home_affairs))
        response = self.record_abuse()
        self.assertContains(response, "giữ như đã công bố")
        self.assertEqual(self.level(), "tot")
