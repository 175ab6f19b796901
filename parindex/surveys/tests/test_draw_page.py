"""The draw page (Home Affairs): preview a draw without keeping it, then draw and keep it, audited."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.surveys.models import Respondent, Sample
from parindex.surveys.tests.fieldwork import import_dossiers, make_survey
from parindex.tests.district import DistrictTestCase, TempDirMixin


class DrawPageTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        import_dossiers(self.dir, {"X-AN": 60, "X-BINH": 30})
        self.url = reverse("surveys:draw", args=[self.survey.code])

    def post(self, **fields):
        data = {"group": self.communes.pk, "period": "2021", "margin": "0,05", "quota_by": "", "seed": "2021"}
        data.update(fields)
        return self.client.post(self.url, data)

    def test_a_preview_shows_each_units_population_and_sample_and_keeps_nothing(self):
        self.client.force_login(self.home_affairs)
        response = self.post(preview="1", seed="")
        rows = {p["unit"].code: p for p in response.context["preview"]}
        self.assertEqual((rows["X-AN"]["population"], rows["X-AN"]["size"]), (60, 53))
        self.assertEqual((rows["X-BINH"]["population"], rows["X-BINH"]["size"]), (30, 28))
        self.assertFalse(Sample.objects.exists())
        self.assertFalse(Respondent.objects.exists())
        self.assertContains(response, "<td>Xã An Bình</td>", html=True)
        # The seed chosen for the preview is kept in the form, so "Draw and keep" draws the people previewed.
        seed = response.context["seed"]
        self.assertRegex(seed, r"^\d{6}$")
        self.assertContains(response, f'value="{seed}"')

    def test_drawing_keeps_the_respondents_audits_it_by_the_person_and_opens_the_dashboard(self):
        self.client.force_login(self.home_affairs)
        response = self.post(draw="1", quota_by="procedure")
        self.assertRedirects(response, reverse("surveys:dashboard", args=[self.survey.code]))
        self.assertEqual(Respondent.objects.filter(unit=self.commune).count(), 53)
        sample = Sample.objects.get(unit=self.commune)
        self.assertEqual((sample.quota_by, sample.drawn_by), ("procedure", self.home_affairs))
        self.assertEqual(sum(sample.quotas.values()), 53)
        entries = AuditEntry.objects.filter(action=Action.SURVEY_SAMPLE_DRAWN)
        self.assertEqual(set(entries.values_list("actor_name", flat=True)), {"noivu"})
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertEqual(messages, ["Đã chọn 81 người trả lời ở 2 đơn vị (hạt giống 2021)."])

    def test_one_unit_can_be_drawn_alone_and_a_wrong_period_is_explained(self):
        self.client.force_login(self.home_affairs)
        self.post(draw="1", unit=self.other_commune.pk)
        self.assertEqual(list(Sample.objects.values_list("unit__code", flat=True)), ["X-BINH"])
        response = self.post(draw="1", period="năm nay")
        self.assertContains(response, "Một năm (2026), một quý (2026-Q3) hoặc một tháng (2026-09).")

    def test_a_redraw_after_someone_answered_is_refused_on_the_page(self):
        self.client.force_login(self.home_affairs)
        self.post(draw="1", unit=self.commune.pk)
        Respondent.objects.filter(unit=self.commune).update(token_used_at="2026-11-18T08:00:00+07:00")
        response = self.post(draw="1", unit=self.commune.pk, redraw="on")
        self.assertContains(response, "không thể chọn lại mẫu của Xã An Bình")

    def test_only_the_units_in_the_runners_scope_can_be_chosen(self):
        self.client.force_login(self.commune_home_affairs)
        response = self.post(draw="1", unit=self.other_commune.pk)
        self.assertEqual(response.status_code, 200)
        self.assertIn("unit", response.context["form"].errors)
        self.assertFalse(Sample.objects.exists())

    def test_readers_and_unit_people_may_not_draw(self):
        for user in (self.viewer, self.appraiser, self.commune_head, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)
            self.assertEqual(self.post(draw="1").status_code, 403, user.username)
        self.assertFalse(Sample.objects.exists())
