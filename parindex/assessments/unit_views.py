"""The unit's pages: its sheet (self-assessment, then explanation), files, submission and each leaf's history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import Message
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments import evidence as evidence_service
from parindex.assessments import history, signals, workflow
from parindex.assessments.access import (
    WATCH_ROLES,
    get_campaign_for_user,
    get_campaign_unit_for_user,
    get_evidence_for_user,
    get_leaf_history_target,
)
from parindex.assessments.appraisal import appraiser_scope
from parindex.assessments.models import Assessment, Campaign, Question
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.sheet import Row, SheetFilter, UnitFile, build_rows, by_area
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.access import has_role
from parindex.org.models import UNIT_ROLES, Role, Unit
from parindex.privatefiles import file_response
from parindex.uploads import UploadRejected


def _sheet_url(campaign: Campaign, unit: Unit, leaf_id: int | None = None) -> str:
    url = reverse("assessments:unit-sheet", args=[campaign.code, unit.code])
    return f"{url}#leaf-{leaf_id}" if leaf_id else url


def _unit_state(
    request: HttpRequest, campaign: Campaign, unit: Unit, saved: workflow.SelfEntry | None = None
) -> dict[str, Any]:
    """What the sheet and the answers to an autosave or an upload need: where the unit stands, what it may do, the
    deadline of its step, its totals, what is missing and what the council asked. After a save, what the save
    already holds (``saved``: the assessment, the score rows, the result) is not read again."""
    if saved is not None:
        assessment = saved.assessment
        self_assessing = assessment.state in workflow.SELF_STATES
        file = UnitFile.load(campaign, unit, saved.scores, saved.result, self_assessing=self_assessing)
    else:
        assessment = workflow.assessment_for(campaign, unit)
        file = UnitFile.load(campaign, unit)
    edit_block = workflow.self_edit_block(assessment)
    show_appraisal = assessment.state not in (*workflow.SELF_STATES, workflow.State.SUBMITTED)
    missing = file.missing() if edit_block is None else []
    by_id = scoring_setup(campaign).by_id
    questioned = [
        (by_id[leaf_id], all(q.answer for q in questions))
        for leaf_id, questions in file.questions.items()
        if show_appraisal and questions and leaf_id in by_id
    ]
    questioned.sort(key=lambda item: item[0].position)
    return {
        "campaign": campaign,
        "unit": unit,
        "assessment": assessment,
        "file": file,
        "totals": file.totals(),
        "missing": missing,
        "can_edit": edit_block is None,
        "edit_block": edit_block,
        "explaining": workflow.explanation_block(assessment) is None,
        "show_appraisal": show_appraisal,
        "questioned": questioned,
        "unanswered": sum(1 for _leaf, answered in questioned if not answered),
        "step_deadline": workflow.step_deadline(assessment),
        "is_head": has_role(request.user, unit, [Role.HEAD]),
    }


def _leaf(campaign: Campaign, leaf_id: int) -> Criterion:
    leaf = scoring_setup(campaign).criterion(leaf_id)
    if leaf is None or not leaf.is_leaf:
        raise Http404
    return leaf


def _leaf_notes(request: HttpRequest, rows: list[Row]) -> list[Message]:
    """Put the messages about one leaf (tagged ``leaf-<id>``) on its row, to be shown beside it (a refused upload next
    to the file input, not at the top of a long page); returns the others, for the top of the page."""
    by_leaf = {row.node.pk: row for row in rows}
    page: list[Message] = []
    for message in messages.get_messages(request):
        tags = message.extra_tags.split()
        leaf_id = next((int(t[5:]) for t in tags if t.startswith("leaf-") and t[5:].isdigit()), None)
        row = by_leaf.get(leaf_id) if leaf_id is not None else None
        if row is None:
            page.append(message)
        elif "at-status" in tags and message.level == messages.ERROR:
            row.error = str(message)
        elif "at-status" in tags:
            row.saved = True
        else:
            row.notes.append(("error" if message.level == messages.ERROR else "ok", str(message)))
    return page


def _say(request: HttpRequest, level: int, leaf: Criterion, text: str, place: str = "files") -> None:
    """A message about one leaf, shown beside it (``place``: its files, or its score) once the sheet reloads."""
    messages.add_message(request, level, text, extra_tags=f"leaf-{leaf.pk} at-{place}")


@login_required
def unit_sheet(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    context = _unit_state(request, campaign, unit)
    rows = build_rows(context["file"])
    page_messages = _leaf_notes(request, rows)
    areas = [row.node for row in rows if row.node.depth == 1]
    chosen = SheetFilter.read(request.GET.get("show", ""), request.GET.get("area", ""), {a.pk for a in areas})
    missing = {leaf.pk for leaf, _problem in context["missing"]}
    questioned = {leaf.pk for leaf, _answered in context["questioned"]}
    groups = by_area(rows, (lambda row: chosen.keeps(row, missing, questioned)) if chosen.active else None)
    assessment = context["assessment"]
    context.update(
        messages=page_messages,
        groups=groups,
        areas=areas,
        chosen=chosen,
        nothing_shown=not any(group.visible for group in groups),
        missing_ids=missing,
        withdraw_block=workflow.withdraw_block(assessment),
    )
    for _receiver, extra in signals.unit_sheet_context.send(
        Assessment, campaign=campaign, unit=unit, assessment=assessment
    ):
        if isinstance(extra, dict):
            context.update(extra)
    return render(request, "assessments/unit_sheet.html", context)


@login_required
def open_unit(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Where a link about a unit's assessment (a deadline, a reminder) takes each person: the unit's own people to
    their sheet, the council and Home Affairs and leaders to its appraisal page (read-only for those who do not
    appraise it), anyone else who sees the campaign to the campaign's page. Never a page the person cannot open."""
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code)
    if has_role(request.user, unit, UNIT_ROLES):
        return redirect("assessments:unit-sheet", campaign.code, unit.code)
    if has_role(request.user, unit, WATCH_ROLES) or appraiser_scope(request.user, campaign).covers_unit(unit.pk):
        return redirect("assessments:appraisal-sheet", campaign.code, unit.code)
    return redirect("assessments:campaign-detail", campaign.code)


@login_required
@require_POST
def save_leaf(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    """Save one leaf's input and explanation. HTMX gets the row and the running totals back; a plain post is
    redirected to the row."""
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    leaf = _leaf(campaign, leaf_id)
    actor = Actor.of(request.user)
    error = ""
    saved: workflow.SelfEntry | None = None
    try:
        if "score_fields" in request.POST:
            saved = workflow.save_self_entry(
                campaign, unit, leaf, request.POST, request.POST.get("not_applicable") == "1", actor
            )
        if "note" in request.POST:
            workflow.save_note(campaign, unit, leaf, request.POST["note"], actor)
            saved = None  # the note changed a score row: read the file afresh
    except (NotAllowed, ValueError) as exc:
        error, saved = str(exc), None
    if request.headers.get("HX-Request"):
        context = _unit_state(request, campaign, unit, saved)
        row = build_rows(context["file"], leaf_id=leaf.pk)[0]
        row.error, row.saved = error, not error
        context.update({"row": row, "oob": True, "saved_at": timezone.now()})
        return render(request, "assessments/_unit_leaf_update.html", context)
    if error:
        _say(request, messages.ERROR, leaf, error, "status")
    else:
        _say(request, messages.SUCCESS, leaf, _("Saved"), "status")
    return HttpResponseRedirect(_sheet_url(campaign, unit, leaf.pk))


@login_required
@require_POST
def upload_evidence(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    """Attach files to a leaf. Each file's outcome (stored, or refused with the reason) is said beside the leaf's file
    input: HTMX gets the leaf's files back with the running totals; a plain post goes back to the leaf."""
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    leaf = _leaf(campaign, leaf_id)
    files = request.FILES.getlist("files")
    notes: list[tuple[str, str]] = []
    if not files:
        notes.append(("error", _("Choose at least one file to upload.")))
    for upload in files:
        try:
            evidence_service.add_evidence(campaign, unit, leaf, upload, upload.name or "", Actor.of(request.user))
        except (UploadRejected, NotAllowed) as exc:
            notes.append(("error", str(exc)))
        else:
            notes.append(("ok", _("Uploaded “%(name)s”.") % {"name": upload.name}))
    if request.headers.get("HX-Request"):
        context = _unit_state(request, campaign, unit)
        row = build_rows(context["file"], leaf_id=leaf.pk)[0]
        row.notes = notes
        context.update({"row": row, "oob": True})
        return render(request, "assessments/_unit_files_update.html", context)
    for level, text in notes:
        _say(request, messages.ERROR if level == "error" else messages.SUCCESS, leaf, text)
    return HttpResponseRedirect(_sheet_url(campaign, unit, leaf.pk))


@login_required
@require_POST
def remove_evidence(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    evidence = get_object_or_404(campaign.evidence.select_related("campaign", "unit"), pk=pk, unit=unit)
    try:
        evidence_service.remove_evidence(evidence, Actor.of(request.user))
    except NotAllowed as exc:
        messages.error(request, str(exc), extra_tags=f"leaf-{evidence.criterion_id}")
    return HttpResponseRedirect(_sheet_url(campaign, unit, evidence.criterion_id))


@login_required
def download_evidence(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """Serve a file to a permitted user only; PDFs and images open in the browser, Office files download."""
    campaign = get_campaign_for_user(request.user, code)
    evidence = get_evidence_for_user(request.user, campaign, pk)
    return file_response(evidence.file, evidence.name, evidence.kind)


def _head_action(
    request: HttpRequest, code: str, unit_code: str, action: Callable[[Campaign, Unit], object], done: str = ""
) -> HttpResponse:
    """Run one of the head's actions on the unit (submit, withdraw, send the explanation) and go back to the sheet."""
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, [Role.HEAD])
    try:
        action(campaign, unit)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, done)
    return redirect(_sheet_url(campaign, unit))


@login_required
@require_POST
def submit(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    confirm = request.POST.get("confirm") == "1"
    actor = Actor.of(request.user)
    return _head_action(
        request,
        code,
        unit_code,
        lambda campaign, unit: workflow.submit(campaign, unit, actor, confirm_missing=confirm),
        _("The self-assessment has been submitted."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    actor = Actor.of(request.user)
    return _head_action(request, code, unit_code, lambda campaign, unit: workflow.withdraw(campaign, unit, actor))


@login_required
@require_POST
def answer(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    question = get_object_or_404(Question.objects.select_related("campaign", "unit", "criterion"), pk=pk, unit=unit)
    try:
        workflow.answer_question(question, request.POST.get("answer", ""), Actor.of(request.user))
    except NotAllowed as exc:
        _say(request, messages.ERROR, question.criterion, str(exc))
    else:
        _say(request, messages.SUCCESS, question.criterion, _("The answer has been saved."))
    return HttpResponseRedirect(_sheet_url(campaign, unit, question.criterion_id))


@login_required
@require_POST
def send_explanation(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    actor = Actor.of(request.user)
    return _head_action(
        request,
        code,
        unit_code,
        lambda campaign, unit: workflow.send_explanation(campaign, unit, actor),
        _("The explanation has been sent to the council."),
    )


@login_required
def leaf_history(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    """Who changed what on this leaf, when and why: scores, explanations, files, questions."""
    campaign = get_campaign_for_user(request.user, code)
    unit, leaf = get_leaf_history_target(request.user, campaign, unit_code, leaf_id)
    entries = history.leaf_history(campaign, unit, leaf)
    return render(request, "assessments/_leaf_history.html", {"entries": entries, "leaf": leaf, "unit": unit})
