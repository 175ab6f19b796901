"""The publication decision and the public results page print the audit chain's head at publication, and
verify-audit confirms it later (or says it is not in the chain once the history before it was rewritten)."""

import io
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation
from docx import Document

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit import chain
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.publication.documents.decision import DecisionMeta
from parindex.publication.services import issue_decision
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over


class PublicationHeadTests(DistrictTestCase):
    def setUp(self):
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        set_score(self.campaign, self.commune, leaves["1.1"], Stage.APPRAISED, Decimal("1"), ACTOR)
        manager = Actor.of(self.home_affairs)
        lifecycle.lock_results(calendar_over(self.campaign), manager)
        lifecycle.publish(self.campaign, manager)

    def issue(self):
        meta = DecisionMeta(number="771/QĐ-UBND", issued_on=self.campaign.published_at.date(), signer="Nguyễn Văn A")
        return issue_decision([self.campaign], meta, Actor.of(self.home_affairs), make_pdf=False)

    def test_the_decision_prints_and_keeps_the_head_it_was_issued_at(self):
        head = chain.head()[1]
        issued = self.issue()
        self.assertEqual(issued.decision.audit_head, head)
        text = [p.text for p in Document(io.BytesIO(issued.docx)).paragraphs]
        self.assertIn(f"Mã kiểm chứng nhật ký: {head[:16]}… (đầy đủ: {head})", text)
        self.assertNotEqual(chain.head()[1], head)  # the decision's own entry came after
        out = StringIO()
        with translation.override("en"):
            call_command("verify_audit", "--head", head, "--chain-only", stdout=out)
        self.assertIn(f"Head {head[:16]} is entry no.", out.getvalue())

    def test_the_head_is_not_confirmed_once_the_history_before_it_was_rewritten_and_rehashed(self):
        head = self.issue().decision.audit_head
        # a forger who rewrites an early entry and recomputes every hash after it: the chain holds, the head does not
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("UPDATE audit_auditentry SET reason = 'giả mạo' WHERE seq = 1")
        last = ""
        rows = list(AuditEntry.objects.order_by("id"))
        for entry in rows:
            scalars = (
                entry.seq, chain.time_text(entry.at), entry.actor_id, entry.actor_name, entry.action,
                entry.object_type, entry.object_id, entry.object_repr, entry.campaign_id, entry.unit_id,
                entry.criterion_id, entry.reason, last,
            )  # fmt: skip
            digest = chain.entry_hash(scalars, chain.stored_json(entry.before), chain.stored_json(entry.after))
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s", [last, digest, entry.pk]
                )
            last = digest
        chain.move_head(rows[-1].seq, last)
        with self.assertRaises(CommandError) as refused, translation.override("en"):
            call_command("verify_audit", "--head", head, "--chain-only", stdout=StringIO())
        self.assertEqual(refused.exception.returncode, 3)
        self.assertIn(f"the head {head} is not in the audit chain", str(refused.exception))

    def test_the_public_page_shows_the_head_of_the_publication_then_the_decisions(self):
        published = AuditEntry.objects.filter(action=Action.RESULTS_PUBLISHED).latest("id").hash
        page = self.client.get(reverse("public-results", args=["c2021"]))
        self.assertContains(page, f'<code title="{published}">{published[:16]}…</code>', html=True)
        self.assertContains(page, "Mã kiểm chứng nhật ký")
        decision_head = self.issue().decision.audit_head
        page = self.client.get(reverse("public-results", args=["c2021"]))
        self.assertContains(page, f"<code>{decision_head}</code>", html=True)
