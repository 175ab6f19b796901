"""Processing queued imports: claim a due batch with a conditional UPDATE (two workers never take the same one),
check and merge its file while writing the progress the upload page shows, and record the outcome."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators.access import IMPORT_ROLES
from parindex.indicators.models import ImportBatch
from parindex.indicators.services import import_file
from parindex.org.access import units_for_user
from parindex.tabular import ImportRejected

logger = logging.getLogger(__name__)


def due_batches() -> list[int]:
    return list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.QUEUED, claimed_at__isnull=True, due_at__lte=timezone.now()
        )
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def claim(pk: int) -> bool:
    """Take the batch if nobody has: the UPDATE matches only an unclaimed row, so exactly one worker wins."""
    won = ImportBatch.objects.filter(pk=pk, status=ImportBatch.Status.QUEUED, claimed_at__isnull=True).update(
        status=ImportBatch.Status.RUNNING, claimed_at=timezone.now(), stage=_("starting"), progress=1
    )
    return won == 1


def requeue_stale(minutes: int) -> int:
    """Batches whose worker died mid-way (claimed long ago, never finished) go back to the queue."""
    limit = timezone.now() - timedelta(minutes=minutes)
    return ImportBatch.objects.filter(
        Q(status=ImportBatch.Status.RUNNING) & Q(claimed_at__lt=limit) & Q(finished_at__isnull=True)
    ).update(status=ImportBatch.Status.QUEUED, claimed_at=None, progress=0, stage="")


def process(batch: ImportBatch) -> None:
    """Run one claimed batch to its end: DONE with its counts, or REJECTED with every bad row."""
    last = [0.0]

    def progress(fraction: float, stage: str) -> None:
        # At most a write every half second: the page polls, it does not need every row.
        if time.monotonic() - last[0] >= 0.5:
            last[0] = time.monotonic()
            ImportBatch.objects.filter(pk=batch.pk).update(progress=max(1, min(99, int(fraction * 100))), stage=stage)

    user = batch.created_by
    allowed = None if user is None else set(units_for_user(user, IMPORT_ROLES).values_list("pk", flat=True))
    actor = Actor.of(user) if user is not None else Actor.command_line("run-imports")
    suffix = Path(batch.original_name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / f"export{suffix}"
        with batch.file.open("rb") as source, open(local, "wb") as target:
            shutil.copyfileobj(source, target)
        try:
            done = import_file(
                batch.kind,
                local,
                actor,
                batch.mapping or None,
                progress,
                name=batch.original_name,
                allowed_units=allowed,
            )
        except ImportRejected as exc:
            problems = [{"line": p.line, "message": p.message} for p in exc.problems]
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.REJECTED,
                problems=problems,
                problem_count=len(problems),
                finished_at=timezone.now(),
                progress=100,
                stage="",
            )
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # also a panic of a Rust parser (a BaseException): the batch fails, never stays running
            logger.exception("import %s failed", batch.pk)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.REJECTED,
                problems=[
                    {
                        "line": 0,
                        "message": _(
                            "the import failed on the server; nothing was stored. The administrators have the details."
                        ),
                    }
                ],
                problem_count=1,
                finished_at=timezone.now(),
                progress=100,
                stage="",
            )
            return
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE,
        rows=done.rows,
        replaced=done.replaced,
        mapping=done.mapping,
        finished_at=timezone.now(),
        progress=100,
        stage="",
    )


def run_due(dry_run: bool = False) -> list[int]:
    """Process every due batch this worker wins; returns their ids (with ``dry_run``: the ids it would take)."""
    taken = []
    for pk in due_batches():
        if dry_run:
            taken.append(pk)
            continue
        if claim(pk):
            process(ImportBatch.objects.select_related("created_by").get(pk=pk))
            taken.append(pk)
    return taken
