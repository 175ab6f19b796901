"""Writes that feed parindex: score imports (as ``parindex import-scores``) and the dossiers and login events the
one-stop and document systems push (as ``parindex import-dossiers`` / ``import-logins`` and the upload page: checked
whole, merged into the indicator store, the figures refreshed). All or nothing; every write audited as the web's,
in the name of the token's user."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Status, UploadedFile

from parindex.api.errors import ApiProblem, rejected
from parindex.api.schemas import (
    ERRORS,
    WRITE_ERRORS,
    DossiersIn,
    ErrorCode,
    ImportOut,
    LoginsIn,
    PushedOut,
    ScoresImportedOut,
)
from parindex.assessments.access import get_rw_campaign_for_user
from parindex.assessments.services import CampaignError, Stage, import_scores
from parindex.audit.services import Actor
from parindex.indicators.access import IMPORT_ROLES, can_import, get_batch_for_user
from parindex.indicators.forms import UploadForm
from parindex.indicators.imports import OPTIONAL, REQUIRED
from parindex.indicators.models import ImportBatch
from parindex.indicators.services import import_file, queue_upload
from parindex.org.access import units_for_user
from parindex.tabular import ImportRejected, RowProblem

scores_router = Router(tags=["imports"])
router = Router(tags=["imports"])


def _file_name(name: str | None, fallback: str) -> str:
    """The name kept in the audit log: the last part of what the caller sent, never a path."""
    kept = Path((name or "").replace("\\", "/")).name.strip()[:200]
    return kept or fallback


@scores_router.post(
    "/{code}/scores",
    response={200: ScoresImportedOut, **WRITE_ERRORS},
    summary="Import scores (CSV: unit,criterion,score[,note])",
    description=(
        "The same import as `parindex import-scores`: a CSV with header `unit,criterion,score[,note]` into one stage "
        "(`appraised` by default, or `self`), all rows or none: on any bad row nothing is written and every bad row "
        "comes back with its line. Each changed score is audited in the token's user's name with `reason`. Only "
        "those who run the campaign (Home Affairs or administrators over its running unit) may import."
    ),
)
def score_import(
    request: HttpRequest,
    code: str,
    file: File[UploadedFile],
    stage: Form[Literal["self", "appraised"]] = "appraised",
    reason: Form[str] = "",
) -> Any:
    campaign = get_rw_campaign_for_user(request.user, code)
    name = _file_name(file.name, "scores.csv")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            with transaction.atomic():
                done = import_scores(campaign, path, Stage(stage), Actor.of(request.user), reason=reason)
        except ImportRejected as exc:
            raise rejected(exc.problems) from None
        except CampaignError as exc:
            raise ApiProblem(409, ErrorCode.CONFLICT, str(exc)) from None
    return {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def _push(request: HttpRequest, kind: str, rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Write the pushed rows as a canonical export and import it as the upload page's worker does (the user's
    import scope); problems name the row's position in ``rows`` (1 for the first) as their line."""
    if not can_import(request.user):
        raise PermissionDenied
    columns = [*REQUIRED[kind], *OPTIONAL[kind]]
    allowed = set(units_for_user(request.user, IMPORT_ROLES).values_list("pk", flat=True))
    label = _file_name(name, f"api-{kind}-{timezone.localtime():%Y%m%d-%H%M%S}.csv")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "push.csv"
        starts: dict[int, int] = {}
        line = 2
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(",".join(columns) + "\n")
            for position, row in enumerate(rows, start=1):
                buffer = io.StringIO()
                csv.writer(buffer, lineterminator="\n").writerow([_cell(row.get(c)) for c in columns])
                text = buffer.getvalue()
                starts[line] = position
                line += text.count("\n")
                out.write(text)
        try:
            done = import_file(kind, path, Actor.of(request.user), "canonical", name=label, allowed_units=allowed)
        except ImportRejected as exc:
            raise rejected([RowProblem(starts.get(p.line, p.line), p.message) for p in exc.problems]) from None
    figures = done.refreshed.figures if done.refreshed is not None else 0
    return {"kind": kind, "rows": done.rows, "replaced": done.replaced, "stored": done.stored, "figures": figures}


PUSH_DESCRIPTION = (
    "Rows in the canonical format of the {kind} export (docs/indicators.md), checked whole and merged into the "
    "indicator store as `parindex import-{kind}` does (a row already stored is replaced), then every figure is "
    "computed again. All or nothing: a bad row refuses the push, each problem's `line` being the row's position in "
    "`rows` (1 for the first). Home Affairs or administrators, for the units in their scope; audited."
)


@router.post(
    "/dossiers",
    response={200: PushedOut, **WRITE_ERRORS},
    summary="Push one-stop dossiers",
    description=PUSH_DESCRIPTION.format(kind="dossiers"),
)
def push_dossiers(request: HttpRequest, payload: DossiersIn) -> Any:
    return _push(request, "dossiers", [row.dict() for row in payload.rows], payload.name)


@router.post(
    "/logins",
    response={200: PushedOut, **WRITE_ERRORS},
    summary="Push document-system login events",
    description=PUSH_DESCRIPTION.format(kind="logins"),
)
def push_logins(request: HttpRequest, payload: LoginsIn) -> Any:
    return _push(request, "logins", [row.dict() for row in payload.rows], payload.name)


def batch_data(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "file": batch.original_name,
        "status": batch.status,
        "progress": batch.progress,
        "rows": batch.rows,
        "replaced": batch.replaced,
        "problems": batch.problems or [],
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
    }


@router.post(
    "/imports",
    response={202: ImportOut, **WRITE_ERRORS},
    summary="Queue an export file (as the upload page)",
    description=(
        "A whole export file (CSV or XLSX, up to `IMPORT_MAX_MB`) handed in as on the upload page: multipart `file`, "
        "`kind` (`dossiers` or `logins`), `mapping` (empty: detected from the header). It is queued for "
        "`parindex run-imports`, which checks it whole and merges it or refuses it with every bad row; follow it "
        "with `GET /api/v1/imports/{id}`. For big files; a day's rows are simpler pushed to `/dossiers` or `/logins`."
    ),
)
def queue_import(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[Literal["dossiers", "logins"]],
    mapping: Form[str] = "",
) -> Any:
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm({"kind": kind, "mapping": mapping}, {"file": file})
    if not form.is_valid():
        problems = [
            RowProblem(0, f"{field}: {message}") for field, messages in form.errors.items() for message in messages
        ]
        raise ApiProblem(400, ErrorCode.INVALID_REQUEST, problems[0].message, problems)
    data = form.cleaned_data
    batch = queue_upload(data["kind"], data["file"], Actor.of(request.user), data["mapping"])
    return Status(202, batch_data(batch))


@router.get("/imports/{batch_id}", response={200: ImportOut, **ERRORS}, summary="A queued import's progress")
def import_status(request: HttpRequest, batch_id: int) -> Any:
    if not 0 < batch_id < 2**63:  # beyond any database's integer key
        raise Http404
    return batch_data(get_batch_for_user(request.user, batch_id))
