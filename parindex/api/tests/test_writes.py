from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from parindex.api.tests.base import ApiTestCase
from parindex.assessments import lifecycle
from parindex.assessments.models import Score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.indicators import store, worker
from parindex.indicators.models import Figure, ImportBatch
from parindex.tasks.models import Task
from parindex.tests.district import calendar_over

GOOD_SCORES = "unit,criterion,score,note\nX-AN,1.1,1,kế hoạch số 12\nX-BINH,1.2,2,\n"
BAD_SCORES = "unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,9\nX-NOPE,1.1,1\n"

DOSSIER = {
    "dossier_id": "D1",
    "unit": "X-AN",
    "procedure": "Cấp phép xây dựng",
    "received_at": "2021-03-01 08:00",
    "due_at": "2021-03-05 17:00",
    "returned_at": "2021-03-04 10:00",
    "submission": "online_full",
    "return_by": "online",
    "recorded": True,
    "apology": False,
}


class ScoreImportTests(ApiTestCase):
    def send(self, user, text: str, **fields: str):
        upload = SimpleUploadedFile("diem.csv", text.encode("utf-8"), content_type="text/csv")
        return self.client.post("/api/v1/campaigns/c2021/scores", {"file": upload, **fields}, headers=self.bearer(user))

    def test_a_score_import_writes_the_scores_audited_in_the_users_name(self):
        response = self.send(self.home_affairs, GOOD_SCORES, reason="Kết quả thẩm định")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {"created": 2, "updated": 0, "unchanged": 0})
        self.assertEqual(Score.objects.filter(campaign=self.campaign, appraised_score__isnull=False).count(), 2)
        entries = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED)
        self.assertEqual(entries.count(), 2)
        self.assertEqual(
            {(e.actor, e.actor_name, e.reason) for e in entries}, {(self.home_affairs, "noivu", "Kết quả thẩm định")}
        )

    def test_a_bad_file_is_refused_whole_with_every_bad_line(self):
        response = self.send(self.home_affairs, BAD_SCORES, stage="self")
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["error"], "import_rejected")
        self.assertEqual([p["line"] for p in body["problems"]], [3, 4])
        self.assertFalse(Score.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action__startswith="score.").exists())

    def test_scores_are_refused_with_409_once_the_results_are_locked(self):
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        response = self.send(self.home_affairs, GOOD_SCORES)
        self.assertEqual((response.status_code, response.json()["error"]), (409, "conflict"))

    def test_a_nul_character_is_refused_before_anything_is_read_or_written(self):
        response = self.send(self.home_affairs, GOOD_SCORES, reason="thẩm định\x00")
        self.assertEqual((response.status_code, response.json()["error"]), (400, "invalid_request"))
        pushed = self.post_json(
            "/logins", self.home_affairs, {"rows": [{"user": "u\x00", "unit": "X-AN", "at": "2021-03-01"}]}
        )
        self.assertEqual(pushed.status_code, 400)
        self.assertEqual(self.get("/units", self.home_affairs, q="\x00").status_code, 400)
        self.assertFalse(Score.objects.exists())

    def test_only_those_who_run_the_campaign_import_scores(self):
        self.assertEqual(self.send(self.commune_home_affairs, GOOD_SCORES).status_code, 403)
        self.assertEqual(self.send(self.commune_officer, GOOD_SCORES).status_code, 403)
        self.assertEqual(self.send(self.outsider, GOOD_SCORES).status_code, 404)
        self.assertFalse(Score.objects.exists())


class PushTests(ApiTestCase):
    def test_pushed_dossiers_land_in_the_store_and_in_the_figures(self):
        rows = [DOSSIER, {**DOSSIER, "dossier_id": "D2", "returned_at": "2021-03-08 09:00", "recorded": "0"}]
        response = self.post_json("/dossiers", self.home_affairs, {"rows": rows, "name": "motcua-2021-03-08.json"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["rows"], 2)
        self.assertTrue(store.source("dossiers"))
        figure = Figure.objects.get(unit=self.commune, period="2021", indicator="ontime_rate")
        self.assertEqual((figure.numerator, figure.denominator), (1, 2))
        entry = AuditEntry.objects.get(action=Action.INDICATORS_IMPORTED)
        self.assertEqual(
            (entry.actor, entry.after["file"], entry.after["rows"]), (self.home_affairs, "motcua-2021-03-08.json", 2)
        )
        api_figures = self.get("/indicators", self.home_affairs, period="2021-03", unit="X-AN", indicator="ontime_rate")
        self.assertEqual(api_figures.json()[0]["value"], 50.0)

    def test_a_push_with_a_bad_row_is_refused_whole_naming_the_rows_position(self):
        rows = [
            DOSSIER,
            {**DOSSIER, "dossier_id": "D2", "received_at": "31/02/2021"},
            {**DOSSIER, "dossier_id": "D3", "unit": "X-NOPE"},
        ]
        response = self.post_json("/dossiers", self.home_affairs, {"rows": rows})
        self.assertEqual(response.status_code, 400)
        self.assertEqual([p["line"] for p in response.json()["problems"]], [2, 3])
        self.assertFalse(store.source("dossiers"))
        self.assertFalse(AuditEntry.objects.filter(action=Action.INDICATORS_IMPORTED).exists())

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
    def test_a_push_larger_than_the_upload_limit_is_refused_with_413_in_json(self):
        rows = [{**DOSSIER, "dossier_id": f"D{i}", "procedure": "x" * 200} for i in range(5000)]
        response = self.post_json("/dossiers", self.home_affairs, {"rows": rows})
        self.assertEqual((response.status_code, response.json()["error"]), (413, "too_large"))
        self.assertIn("1 MB", response.json()["detail"])

    def test_login_events_are_pushed_for_the_units_in_the_users_import_scope_only(self):
        events = {"rows": [{"user": "u1", "unit": "X-AN", "at": "2021-03-01 08:15"}]}
        self.assertEqual(self.post_json("/logins", self.commune_officer, events).status_code, 403)
        scoped = self.post_json(
            "/logins", self.commune_home_affairs, {"rows": [{"user": "u3", "unit": "X-BINH", "at": "2021-03-01 08:15"}]}
        )
        self.assertEqual(scoped.status_code, 400)
        self.assertEqual(scoped.json()["problems"][0]["line"], 1)
        done = self.post_json("/logins", self.commune_home_affairs, events)
        self.assertEqual((done.status_code, done.json()["rows"]), (200, 1))


class QueuedImportTests(ApiTestCase):
    def queue(self, user, text: str, name: str = "motcua.csv", **fields: str):
        upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
        return self.client.post(
            "/api/v1/imports", {"file": upload, "kind": "dossiers", **fields}, headers=self.bearer(user)
        )

    def test_an_export_file_is_queued_as_on_the_upload_page_and_followed_to_its_end(self):
        header = ",".join(DOSSIER)
        line = ",".join("1" if v is True else "0" if v is False else str(v) for v in DOSSIER.values())
        response = self.queue(self.home_affairs, f"{header}\n{line}\n")
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["file"]), ("queued", "motcua.csv"))
        batch = ImportBatch.objects.get(pk=body["id"])
        self.assertEqual(batch.created_by, self.home_affairs)
        self.assertTrue(worker.claim(batch.pk))
        worker.process(batch)
        done = self.get(f"/imports/{batch.pk}", self.home_affairs).json()
        self.assertEqual((done["status"], done["rows"]), ("done", 1))
        self.assertEqual(self.get(f"/imports/{batch.pk}", self.viewer).status_code, 403)
        self.assertEqual(self.get("/imports/999999", self.home_affairs).status_code, 404)

    def test_the_upload_pages_checks_apply(self):
        response = self.queue(self.home_affairs, "a,b\n1,2\n", name="motcua.xls")
        self.assertEqual((response.status_code, response.json()["error"]), (400, "invalid_request"))
        self.assertFalse(ImportBatch.objects.exists())
        self.assertEqual(self.queue(self.commune_officer, "a\n").status_code, 403)


class TaskTests(ApiTestCase):
    def task(self, **changes):
        return {
            "code": "NV-01",
            "document_number": "12/KH-UBND",
            "document_date": "2026-11-02",
            "signer": "Nguyễn Văn A",
            "issuer": "H",
            "content": "Rà soát thủ tục hành chính",
            "deadline": "2026-12-15T17:00:00+07:00",
            "lead": "X-AN",
            "coordinating": ["X-BINH"],
            **changes,
        }

    def test_home_affairs_gives_a_task_audited_as_on_the_web(self):
        response = self.post_json("/tasks", self.home_affairs, self.task())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            [(p["unit"], p["role"], p["status"]) for p in body["units"]],
            [("X-AN", "lead", "not_started"), ("X-BINH", "coordinate", "not_started")],
        )
        entry = AuditEntry.objects.get(action=Action.TASK_CHANGED)
        self.assertEqual((entry.actor, entry.before, entry.after["lead"]), (self.home_affairs, None, "X-AN"))
        self.assertEqual([t["code"] for t in self.get("/tasks", self.commune_officer).json()], ["NV-01"])
        again = self.post_json("/tasks", self.home_affairs, self.task(deadline="2026-10-01T17:00:00"))
        self.assertEqual((again.status_code, again.json()["error"]), (400, "invalid_request"))
        self.assertIn("NV-01", again.json()["detail"])

    def test_a_scoped_home_affairs_cannot_give_a_task_outside_its_scope(self):
        response = self.post_json("/tasks", self.commune_home_affairs, self.task(issuer="X-AN", coordinating=[]))
        self.assertEqual(response.status_code, 201, response.content)
        outside = self.post_json(
            "/tasks", self.commune_home_affairs, self.task(code="NV-02", issuer="X-AN", lead="X-BINH", coordinating=[])
        )
        self.assertEqual((outside.status_code, outside.json()["error"]), (403, "forbidden"))
        self.assertIn("X-BINH", outside.json()["problems"][0]["message"])
        self.assertEqual(self.post_json("/tasks", self.commune_officer, self.task(code="NV-03")).status_code, 403)
        self.assertEqual(list(Task.objects.values_list("code", flat=True)), ["NV-01"])
