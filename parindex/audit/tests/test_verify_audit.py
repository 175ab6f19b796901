"""The audit log is a hash chain that verify-audit walks: a row rewritten, deleted or written around the application,
and a score changed with no entry, are named; an untouched history passes."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from parindex.assessments import workflow
from parindex.assessments.models import Result, Score
from parindex.assessments.services import Stage, import_scores, set_score
from parindex.audit import chain
from parindex.audit.models import AuditEntry, ChainHead
from parindex.audit.services import Actor, Change, record, record_many
from parindex.tests.district import DistrictTestCase, TempDirMixin, write

ACTOR = Actor.command_line("test")


def verify(*args: str) -> tuple[int, str]:
    """verify-audit's exit status and output (in English, as the assertions read it)."""
    out = StringIO()
    try:
        with translation.override("en"):
            call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return error.returncode, f"{out.getvalue()}{error}"
    return 0, out.getvalue()


def raw(sql: str, params: list | None = None) -> None:
    """Tamper as the database's owner can: on PostgreSQL, with the append-only trigger disabled first (in the test's
    transaction only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cursor.execute(sql, params or [])


def change(n: int, **extra) -> Change:
    return Change("unit.changed", "unit", n, f"Xã {n}", {"name": f"cũ {n}"}, {"name": f"mới {n}", "n": n}, **extra)


class ChainTests(TestCase):
    def assert_chained(self) -> None:
        last = ""
        for seq, (prev, digest) in enumerate(AuditEntry.objects.order_by("id").values_list("prev_hash", "hash"), 1):
            self.assertEqual(prev, last, f"entry no. {seq}")
            last = digest
        self.assertEqual(ChainHead.objects.get(pk=1).hash, last)

    def test_single_and_bulk_writers_and_bulk_create_make_one_chain(self):
        record(ACTOR, change(1))
        record_many(ACTOR, [change(n) for n in range(2, 700)], reason="nhập khẩu")  # past the COPY threshold
        AuditEntry.objects.bulk_create([AuditEntry(actor_name="x", action="unit.changed", object_type="unit")])
        record(ACTOR, change(800, campaign_id=3, unit_id=4, criterion_id=5), reason="lý do")
        self.assertEqual(list(AuditEntry.objects.order_by("id").values_list("seq", flat=True)), list(range(1, 702)))
        self.assert_chained()
        self.assertEqual(verify("--chain-only"), (0, "Audit chain intact: 701 entries, head " + chain.head()[1] + "\n"))

    def test_an_empty_log_passes(self):
        self.assertEqual(verify("--quiet"), (0, ""))

    def test_a_rewritten_actor_and_time_are_named_as_content_changed(self):
        record_many(ACTOR, [change(n) for n in range(1, 6)])
        forged = AuditEntry.objects.get(seq=3)
        raw("UPDATE audit_auditentry SET actor_name = 'someone.else' WHERE id = %s", [forged.pk])
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn(f"entry {forged.pk} (no. 3,", text)
        self.assertIn("unit 3 «Xã 3»", text)
        self.assertIn("content changed", text)

    def test_a_rewritten_time_is_named(self):
        record_many(ACTOR, [change(n) for n in range(1, 4)])
        first = AuditEntry.objects.get(seq=1)
        raw("UPDATE audit_auditentry SET at = '2020-01-01 00:00:00' WHERE id = %s", [first.pk])
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn(f"entry {first.pk} (no. 1, 2020-01-01T00:00:00.000000Z", text)

    def test_a_rewrite_that_recomputes_its_own_hash_breaks_the_next_link(self):
        record_many(ACTOR, [change(n) for n in range(1, 4)])
        rows = list(AuditEntry.objects.order_by("id"))
        raw("UPDATE audit_auditentry SET hash = %s WHERE id = %s", ["0" * 64, rows[1].pk])
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn(f"entry {rows[1].pk} (no. 2", text)  # its content no longer matches its (forged) hash
        raw("UPDATE audit_auditentry SET prev_hash = %s WHERE id = %s", ["0" * 64, rows[2].pk])

    def test_a_deleted_entry_is_named_as_missing_at_the_next_one(self):
        record_many(ACTOR, [change(n) for n in range(1, 6)])
        raw("DELETE FROM audit_auditentry WHERE seq = 2")
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn(f"entry {AuditEntry.objects.get(seq=3).pk} (no. 3,", text)
        self.assertIn("entry missing: no. 2 before this one was deleted", text)

    def test_a_deleted_last_entry_is_noticed_by_the_head(self):
        record_many(ACTOR, [change(n) for n in range(1, 4)])
        raw("DELETE FROM audit_auditentry WHERE seq = 3")
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn("the chain ends at no. 2 but 3 entries were written", text)

    def test_an_entry_inserted_around_the_application_is_named(self):
        record(ACTOR, change(1))
        raw(
            "INSERT INTO audit_auditentry (at, actor_name, action, object_type, object_id, object_repr, reason, seq, "
            "prev_hash, hash) VALUES ('2026-11-18 02:00:00', 'x', 'unit.changed', 'unit', '9', 'X', '', 0, '', '')"
        )
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn("not in the chain", text)

    def test_a_head_printed_earlier_is_confirmed_and_an_unknown_one_is_not(self):
        record_many(ACTOR, [change(n) for n in range(1, 4)])
        printed = chain.head()[1]
        record(ACTOR, change(4))
        status, text = verify("--head", printed)
        self.assertEqual(status, 0, text)
        self.assertIn("is entry no. 3; the chain up to it is intact", text)
        self.assertEqual(verify("--head", "a" * 64)[0], 3)
        self.assertEqual(verify("--head", "xyz")[0], 1)

    def test_the_migration_chain_and_the_writer_hash_alike(self):
        record(ACTOR, change(1, campaign_id=1))
        entry = AuditEntry.objects.get()
        scalars = (1, chain.time_text(entry.at), None, "test", "unit.changed", "unit", "1", "Xã 1", 1, None, None, "")
        before, after = chain.stored_json(entry.before), chain.stored_json(entry.after)
        self.assertEqual(entry.hash, chain.entry_hash((*scalars, ""), before, after))
        self.assertEqual(after, '{"n":1,"name":"mới 1"}')

    def test_a_head_moved_by_someone_else_is_taken_again_and_the_chain_holds(self):
        record(ACTOR, change(1))
        record(ACTOR, change(2))
        # another process appended meanwhile: this connection's idea of the end is stale
        raw("UPDATE audit_chainhead SET seq = 1, hash = (SELECT hash FROM audit_auditentry WHERE seq = 1)")
        raw("DELETE FROM audit_auditentry WHERE seq = 2")
        with CaptureQueriesContext(connection) as queries:
            record(ACTOR, change(3))
        self.assertEqual(len([q for q in queries if "audit_chainhead" in q["sql"]]), 3)  # tried, taken, moved
        self.assertEqual(list(AuditEntry.objects.order_by("id").values_list("seq", flat=True)), [1, 2])
        self.assertEqual(verify("--quiet"), (0, ""))


class ScoreAgreementTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}

    def test_an_untouched_history_with_scores_and_results_passes(self):
        set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.SELF, Decimal("1"), ACTOR)
        set_score(self.campaign, self.other_commune, self.leaf["1.1"], Stage.SELF, Decimal("0.5"), ACTOR)
        set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.APPRAISED, Decimal("0.5"), ACTOR)
        status, text = verify()
        self.assertEqual(status, 0, text)
        self.assertIn("agree with the audit log", text)

    def test_a_score_changed_with_no_entry_is_named_by_unit_leaf_and_field(self):
        set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.SELF, Decimal("1"), ACTOR)
        raw("UPDATE assessments_score SET self_score = 0.25, final_score = 0.25")
        status, text = verify()
        self.assertEqual(status, 4)
        self.assertIn("c2021 · X-AN · 1.1 · self_score: 0.25 in the database, 1.00 last audited", text)
        self.assertIn("1 score figures and 0 result figures disagree", text)

    def test_a_broken_chain_still_lists_the_scores_that_differ_and_exits_with_the_chains_status(self):
        set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.SELF, Decimal("1"), ACTOR)
        raw("UPDATE assessments_score SET self_score = 0.5, final_score = 0.5")
        raw("DELETE FROM audit_auditentry WHERE action = 'score.self'")
        status, text = verify()
        self.assertEqual(status, 2)
        self.assertIn("self_score: 0.50 in the database, — last audited", text)
        self.assertIn("entry missing", text)

    def test_a_result_changed_with_no_entry_is_named(self):
        set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.SELF, Decimal("1"), ACTOR)
        raw("UPDATE assessments_result SET points = 99")
        status, text = verify("--limit", "1")
        self.assertEqual(status, 4)
        self.assertIn("points: 99.00 in the database", text)
        self.assertIn("… and 1 more", text)  # two results (both communes) changed
        self.assertEqual(Result.objects.count(), 2)

    def test_a_save_takes_the_head_before_ranking_then_appends_both_entries_with_one_move(self):
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.1"], "1", False, officer)
        entries = AuditEntry.objects.count()
        with CaptureQueriesContext(connection) as queries:
            workflow.save_self_score(self.campaign, self.commune, self.leaf["1.1"], "2", False, officer)
        inserts = [q["sql"] for q in queries if 'INSERT INTO "audit_auditentry"' in q["sql"]]
        chained = [q["sql"] for q in queries if "audit_chainhead" in q["sql"]]
        # re-ranking takes the head first (the lock order every audited transaction keeps: one upsert); the score's
        # entry and the result's are then linked to the head it holds and written together, the head moved once
        self.assertEqual((len(inserts), len(chained)), (1, 2), chained)
        self.assertEqual([sql.split(" ", 1)[0] for sql in chained], ["INSERT", "UPDATE"], chained)
        self.assertEqual(
            list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)[entries:]),
            ["score.self", "result.computed"],
        )
        self.assertEqual(Score.objects.get(unit=self.commune, criterion=self.leaf["1.1"]).self_score, Decimal("0.5"))
        self.assertEqual(verify("--quiet"), (0, ""))


class ImportedScoreAgreementTests(TempDirMixin, DistrictTestCase):
    """An import audits one entry per unit holding every leaf it changed: the cross-check reads each leaf from it."""

    def import_file(self, text: str, stage: Stage = Stage.APPRAISED) -> None:
        import_scores(self.campaign, write(self.dir, "scores.csv", text), stage, ACTOR)

    def test_scores_as_an_import_left_them_agree_with_its_entries(self):
        self.import_file("unit,criterion,score\nX-AN,1.1,0.5\nX-AN,1.2,2\nX-BINH,1.1,1\n", Stage.SELF)
        self.import_file("unit,criterion,score\nX-AN,1.1,1\nX-BINH,2.2,KAD\n")
        status, text = verify()
        self.assertEqual(status, 0, text)
        self.assertIn("agree with the audit log", text)

    def test_a_score_changed_after_an_import_is_named_by_unit_leaf_and_field(self):
        self.import_file("unit,criterion,score\nX-AN,1.1,0.5\nX-AN,1.2,2\nX-BINH,1.1,1\n")
        leaf = self.framework.criteria.get(code="1.2")
        raw(
            "UPDATE assessments_score SET appraised_score = 1.5, final_score = 1.5 WHERE unit_id = %s "
            "AND criterion_id = %s",
            [self.commune.pk, leaf.pk],
        )
        status, text = verify()
        self.assertEqual(status, 4)
        self.assertIn("c2021 · X-AN · 1.2 · appraised_score: 1.50 in the database, 2.00 last audited", text)
        self.assertIn("1 score figures and 0 result figures disagree", text)

    def test_a_later_single_edit_is_the_last_audited_figure_after_an_import(self):
        self.import_file("unit,criterion,score\nX-AN,1.1,0.5\n")
        set_score(self.campaign, self.commune, self.framework.criteria.get(code="1.1"), Stage.APPRAISED, 1, ACTOR)
        self.assertEqual(verify("--quiet"), (0, ""))
        raw("UPDATE assessments_score SET appraised_score = 0.5, final_score = 0.5")  # back to the import's figure
        status, text = verify()
        self.assertEqual(status, 4)
        self.assertIn("appraised_score: 0.50 in the database, 1.00 last audited", text)
