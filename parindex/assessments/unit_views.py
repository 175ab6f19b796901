"""The unit's pages: its sheet (self-assessment, then explanation), files, submission and each leaf's history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments import evidence as evidence_service
from parindex.assessments import workflow
from parindex.assessments.access import (
    get_campaign_for_user,
    get_campaign_unit_for_user,
    get_evidence_for_user,
    get_leaf_history_target,
)
from parindex.assessments.models import Campaign, Question
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.sheet import UnitFile, build_rows
from parindex.assessments.uploads import UploadRejected
from parindex.assessments.workflow import NotAllowed
from parindex.audit.models import AuditEntry
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.notifications.services import reminder_counts
from parindex.org.access import has_role
from parindex.org.models import UNIT_ROLES, Role, Unit
from parindex.privatefiles import file_response
from parindex.ratings.services import unit_rating


def _sheet_url(campaign: Campaign, unit: Unit, leaf_id: int | None = None) -> str:
    url = reverse("assessments:unit-sheet", args=[campaign.code, unit.code])
    return f"{url}#leaf-{leaf_id}" if leaf_id else url


def _unit_state(campaign: Campaign, unit: Unit) -> dict[str, Any]:
    """What both the sheet and an autosave's answer need: where the unit stands, what it may do, its totals."""
    assessment = workflow.assessment_for(campaign, unit)
    edit_block = workflow.self_edit_block(assessment)
    file = UnitFile.load(campaign, unit)
    return {
        "campaign": campaign,
        "unit": unit,
        "assessment": assessment,
        "file": file,
        "totals": file.totals(),
        "missing": file.missing() if edit_block is None else [],
        "can_edit": edit_block is None,
        "edit_block": edit_block,
        "explaining": workflow.explanation_block(assessment) is None,
        "show_appraisal": assessment.state not in (*workflow.SELF_STATES, workflow.State.SUBMITTED),
    }


def _leaf(campaign: Campaign, leaf_id: int) -> Criterion:
    leaf = scoring_setup(campaign.framework).criterion(leaf_id)
    if leaf is None or not leaf.is_leaf:
        raise Http404
    return leaf


@login_required
def unit_sheet(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    context = _unit_state(campaign, unit)
    context.update(
        rows=build_rows(context["file"]),
        is_head=has_role(request.user, unit, [Role.HEAD]),
        withdraw_block=workflow.withdraw_block(context["assessment"]),
        rating=unit_rating(campaign, unit.pk) if campaign.rating_rules_id else None,
        reminded=reminder_counts([("self_assessment", str(context["assessment"].pk))]).get(
            ("self_assessment", str(context["assessment"].pk)), 0
        ),
    )
    return render(request, "assessments/unit_sheet.html", context)


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
    try:
        if "score_fields" in request.POST:
            workflow.save_self_score(
                campaign, unit, leaf, request.POST.get("value", ""), request.POST.get("not_applicable") == "1", actor
            )
        if "note" in request.POST:
            workflow.save_note(campaign, unit, leaf, request.POST["note"], actor)
    except (NotAllowed, ValueError) as exc:
        error = str(exc)
    if request.headers.get("HX-Request"):
        context = _unit_state(campaign, unit)
        row = build_rows(context["file"], leaf_id=leaf.pk)[0]
        row.error = error
        context.update({"row": row, "oob": True})
        return render(request, "assessments/_unit_leaf_update.html", context)
    if error:
        messages.error(request, f"{leaf.code}: {error}")
    return HttpResponseRedirect(_sheet_url(campaign, unit, leaf.pk))


@login_required
@require_POST
def upload_evidence(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code, UNIT_ROLES)
    leaf = _leaf(campaign, leaf_id)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose at least one file to upload."))
    for upload in files:
        try:
            evidence_service.add_evidence(campaign, unit, leaf, upload, upload.name or "", Actor.of(request.user))
        except (UploadRejected, NotAllowed) as exc:
            messages.error(request, f"{leaf.code}: {exc}")
        else:
            messages.success(request, _("Uploaded “%(name)s”.") % {"name": upload.name})
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
        messages.error(request, str(exc))
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
        messages.error(request, str(exc))
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
    entries = AuditEntry.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk).order_by("id")
    return render(request, "assessments/_leaf_history.html", {"entries": entries, "leaf": leaf, "unit": unit})
