"""On PostgreSQL the audit table refuses UPDATE and DELETE (a trigger), and appends from concurrent transactions
queue on the chain's head instead of forking the chain."""

import threading
import unittest

from django.db import DatabaseError, connection, transaction
from django.test import TestCase, TransactionTestCase

from parindex.audit.models import AuditEntry
from parindex.audit.services import Actor, Change, record, record_many
from parindex.audit.verify import walk_chain

ACTOR = Actor.command_line("test")


def change(n: int) -> Change:
    return Change("unit.changed", "unit", n, f"Xã {n}", None, {"n": n})


def postgresql_only(case: type) -> type:
    return unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL only")(case)


@postgresql_only
class TriggerTests(TestCase):
    def test_a_raw_update_or_delete_of_an_entry_is_refused_with_a_clear_message(self):
        entry = record(ACTOR, change(1))
        for sql in (
            "UPDATE audit_auditentry SET actor_name = 'someone.else' WHERE id = %s",
            "DELETE FROM audit_auditentry WHERE id = %s",
        ):
            with (
                self.subTest(sql=sql),
                self.assertRaisesMessage(DatabaseError, "the audit log is append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [entry.pk])
        self.assertEqual(AuditEntry.objects.get().actor_name, "test")


@postgresql_only
class ConcurrentAppendTests(TransactionTestCase):
    def test_two_threads_appending_at_once_keep_one_chain(self):
        started = threading.Barrier(2)
        errors: list[BaseException] = []

        def append(offset: int) -> None:
            try:
                started.wait()
                for n in range(20):
                    with transaction.atomic():
                        record(ACTOR, change(offset + n))
                        record_many(ACTOR, [change(offset + n + 1000), change(offset + n + 2000)])
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=append, args=(offset,)) for offset in (0, 10_000)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        report = walk_chain()
        self.assertTrue(report.intact, report.broken and report.broken.describe())
        self.assertEqual(report.entries, 120)
        self.assertEqual(sorted(AuditEntry.objects.values_list("seq", flat=True)), list(range(1, 121)))
