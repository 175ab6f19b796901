"""parindex bench-audit: the audit chain's verification (``verify-audit``) over N synthetic entries, against a bare
read of the same rows and SHA-256 alone over as many bytes, measured in the same run.

The entries are score changes as imports write them (times a few microseconds apart, a few hundred distinct
payloads), chained and inserted in chunks with the bulk writer's own code (:func:`parindex.audit.chain.seal_rows`
and :func:`parindex.dbbulk.insert_rows`). Everything runs in one transaction that is rolled back.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.management.base import CommandError
from django.db import connection

from parindex.audit import chain
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import CHAINED_FIELDS
from parindex.audit.verify import CHUNK, _rows, walk_chain
from parindex.benchmarks.rolledback import RolledBackBench
from parindex.dbbulk import insert_rows

GENERATE_CHUNK = 50_000


def synthetic_rows(start: int, count: int, payloads: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """``count`` score entries (values of :data:`parindex.audit.services.AUDIT_FIELDS`) from number ``start``."""
    base = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    rows = []
    for n in range(start, start + count):
        unit, leaf = 1 + n // 100, 1 + n % 100
        rows.append(
            (
                base + timedelta(microseconds=7 * n),
                None,
                "bench-audit",
                Action.SCORE_SELF.value,
                "score",
                f"1:{unit}:{leaf}",
                f"{unit}/{leaf}",
                1,
                unit,
                leaf,
                payloads[n % len(payloads)] if n % 3 else None,
                payloads[(n * 7) % len(payloads)],
                "",
            )
        )
    return rows


class AuditBench(RolledBackBench):
    def line(self, label: str, seconds: float, target: float | None = None, per: int = 0, cpu: float = 0) -> None:
        """One figure: wall time (what the target is about), rate and, when given, this process's CPU time (the
        part that does not depend on how busy the machine is)."""
        verdict = ""
        if target is not None:
            ok = seconds <= target
            verdict = f"  target ≤ {target * 1000:,.0f} ms  {'OK' if ok else 'MISSED'}"
            if not ok:
                self.missed.append(label)
        rate = f"  ({per / seconds:,.0f} entries/s)" if per and seconds > 0 else ""
        used = f"  CPU {cpu * 1000:,.0f} ms" if cpu else ""
        self.stdout.write(f"  {label:<46} {seconds * 1000:10,.1f} ms{rate}{used}{verdict}")

    def run(self, options: dict[str, Any]) -> None:
        entries = options["entries"]
        if entries < 1:
            raise CommandError("--entries: at least 1")
        self.stdout.write(f"bench-audit: {entries:,} entries on {connection.vendor}")
        payloads = [{"score": f"{p / 4:.2f}", "not_applicable": p % 37 == 0} for p in range(400)]
        payloads += [{"score": f"{p / 4:.2f}", "not_applicable": False, "value": str(p)} for p in range(400)]
        started, cpu = time.perf_counter(), time.process_time()
        for start in range(0, entries, GENERATE_CHUNK):
            rows = synthetic_rows(start, min(GENERATE_CHUNK, entries - start), payloads)
            insert_rows(AuditEntry, CHAINED_FIELDS, chain.seal_rows(rows))
        self.stdout.write("generate (build, hash and chain, bulk insert):")
        self.line("generate", time.perf_counter() - started, per=entries, cpu=time.process_time() - cpu)
        total = AuditEntry.objects.count()

        self.stdout.write(f"baseline (same run, the same {total:,} rows):")
        started, cpu = time.perf_counter(), time.process_time()
        size = 0
        for row in _rows(CHUNK):
            size += len(row)
        read = time.perf_counter() - started
        self.line("bare read of every entry (same cursor)", read, per=total, cpu=time.process_time() - cpu)
        sample = b"x" * 400  # about one entry's canonical text
        started, cpu = time.perf_counter(), time.process_time()
        sha256 = hashlib.sha256
        for _ in range(total):
            sha256(sample).hexdigest()
        hashing = time.perf_counter() - started
        self.line("SHA-256 alone over 400 bytes × each entry", hashing, per=total, cpu=time.process_time() - cpu)

        self.stdout.write("verify-audit's chain walk (read, re-encode, hash, link):")
        started, cpu = time.perf_counter(), time.process_time()
        report = walk_chain()
        walked, walked_cpu = time.perf_counter() - started, time.process_time() - cpu
        if not report.intact:
            raise CommandError(f"the synthetic chain does not verify: {report.broken and report.broken.describe()}")
        self.line("walk the chain", walked, options["target"], per=report.entries, cpu=walked_cpu)
        self.stdout.write(
            f"    → {report.entries:,} entries verified; {walked / read:.1f}× the bare read, "
            f"{walked / max(hashing, 1e-9):.1f}× SHA-256 alone"
        )
        self.stdout.write("rolled back: the synthetic entries are not kept")
