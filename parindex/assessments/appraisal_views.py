"""The council's pages: a unit's sheet with its self scores, evidence and explanations beside the appraised scores;
appraising a leaf with a reason; asking for an explanation; accepting the unit's self scores for what remains;
closing round 1 and round 2 (each after a confirmation that says what happens next).

Every action answers where the user is looking: an HTMX post gets the leaf (or the sheet) back with the result beside
the input; a plain post (no JavaScript) gets the page, or a redirect to the leaf once saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments import appraisal, workflow
from parindex.assessments.access import (
    get_appraisal_unit_for_user,
    get_campaign_for_user,
    get_rw_appraisal_leaf_for_user,
)
from parindex.assessments.appraisal import Scope, Unappraised
from parindex.assessments.appraisal_sheet import SHOW_QUESTIONS, SHOW_TODO, AppraisalRow, build_sheet
from parindex.assessments.models import Campaign, Score
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.sheet import UnitFile
from parindex.assessments.workflow import ConfirmationNeeded, NotAllowed
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit


def _appraisal_url(campaign: Campaign, unit: Unit, anchor: str = "") -> str:
    url = reverse("assessments:appraisal-sheet", args=[campaign.code, unit.code])
    return f"{url}#{anchor}" if anchor else url


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


@dataclass(frozen=True)
class Panel:
    """The answer to a round action or to "accept the remaining self scores", shown where it was asked: ``confirm``
    (what happens next, with the confirming button), ``refused``, ``error`` or ``done``; ``area`` when asked from
    one area's line."""

    kind: str
    text: str
    area: int | None = None


def _filters(request: HttpRequest) -> tuple[str, int | None]:
    show = request.GET.get("show", "")
    area = request.GET.get("area", "")
    return (show if show in (SHOW_TODO, SHOW_QUESTIONS) else ""), (int(area) if area.isdigit() else None)


def _sheet_context(
    request: HttpRequest, campaign: Campaign, unit: Unit, scope: Scope | None, panel: Panel | None = None
) -> dict[str, Any]:
    """Everything the sheet, its side panel and each leaf fragment show."""
    assessment = workflow.assessment_for(campaign, unit)
    private = workflow.draft_is_private(assessment)
    block = workflow.appraisal_block(assessment)
    can_appraise = scope is not None and block is None
    show, area_filter = _filters(request)
    file = None if private else UnitFile.load(campaign, unit)
    sheet = None
    if file is not None:
        sheet = build_sheet(file, assessment, scope, can_appraise=can_appraise, show=show, area_filter=area_filter)
    state = assessment.state
    close_round, outcome = "", ""
    if scope is not None and file is not None and campaign.is_open:
        if state == workflow.State.EXPLAINED or (
            state == workflow.State.EXPLANATION_REQUESTED and not campaign.explanation_open()
        ):
            close_round, outcome = "2", appraisal.round2_outcome()
        elif state in appraisal.ROUND1_STATES and block is None:
            questions = sum(1 for qs in file.questions.values() for q in qs if not q.answer)
            close_round, outcome = "1", appraisal.round1_outcome(campaign, questions)
    query = urlencode({k: v for k, v in (("show", show), ("area", area_filter or "")) if v})
    return {
        "campaign": campaign,
        "unit": unit,
        "assessment": assessment,
        "private": private,
        "sheet": sheet,
        "totals": file.totals() if file else None,
        "is_appraiser": scope is not None,
        "can_appraise": can_appraise,
        "why_locked": block,
        "round2": state in (workflow.State.EXPLANATION_REQUESTED, workflow.State.EXPLAINED),
        "can_ask": state in appraisal.ROUND1_STATES,
        "close_round": close_round,
        "outcome": outcome,
        "panel": panel,
        "filter_query": f"?{query}" if query else "",
        "sheet_url": _appraisal_url(campaign, unit),
    }


def _answer(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The whole sheet: its body for HTMX (swapped in place), the page otherwise."""
    template = "assessments/_appraisal_body.html" if _is_htmx(request) else "assessments/appraisal_sheet.html"
    return render(request, template, context)


def _leaf_answer(request: HttpRequest, context: dict[str, Any], leaf: Criterion) -> HttpResponse:
    """After a leaf's action: for HTMX the leaf with its result beside the input, and the side panel, filter
    counts and the leaf's area line refreshed; otherwise the page (the leaf shows the result the same way)."""
    if not _is_htmx(request):
        return render(request, "assessments/appraisal_sheet.html", context)
    sheet = context["sheet"]
    row = sheet.row(leaf.pk) if sheet else None
    if row is None:
        raise Http404
    context.update(row=row, area=sheet.area_of(row))
    return render(request, "assessments/_appraisal_leaf_update.html", context)


@login_required
def appraisal_sheet(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit, scope = get_appraisal_unit_for_user(request.user, campaign, unit_code)
    return render(request, "assessments/appraisal_sheet.html", _sheet_context(request, campaign, unit, scope))


@login_required
@require_POST
def appraise_leaf(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    """Save one leaf's appraisal from the input its rule asks for; a refusal comes back beside the input, with what
    was typed kept."""
    campaign = get_campaign_for_user(request.user, code)
    unit, scope, leaf = get_rw_appraisal_leaf_for_user(request.user, campaign, unit_code, leaf_id)
    reason = request.POST.get("reason", "")
    not_applicable = request.POST.get("not_applicable") == "1"
    error = ""
    try:
        appraisal.appraise(campaign, unit, leaf, request.POST, not_applicable, reason, Actor.of(request.user))
    except (NotAllowed, ValueError) as exc:
        error = str(exc)
    if not error and not _is_htmx(request):
        messages.success(request, _("Appraised score of %(code)s saved.") % {"code": leaf.display_code})
        return HttpResponseRedirect(_appraisal_url(campaign, unit, f"leaf-{leaf.pk}"))
    context = _sheet_context(request, campaign, unit, scope)
    row: AppraisalRow | None = context["sheet"].row(leaf.pk) if context["sheet"] else None
    if row is not None:
        if error:
            row.keep_typed(request.POST, not_applicable, reason)
            row.error = error
        else:
            row.saved = True
    return _leaf_answer(request, context, leaf)


@login_required
@require_POST
def ask_question(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit, scope, leaf = get_rw_appraisal_leaf_for_user(request.user, campaign, unit_code, leaf_id)
    error = ""
    try:
        appraisal.ask(campaign, unit, leaf, request.POST.get("question", ""), Actor.of(request.user))
    except NotAllowed as exc:
        error = str(exc)
    if not error and not _is_htmx(request):
        return HttpResponseRedirect(_appraisal_url(campaign, unit, f"leaf-{leaf.pk}"))
    context = _sheet_context(request, campaign, unit, scope)
    row: AppraisalRow | None = context["sheet"].row(leaf.pk) if context["sheet"] else None
    if row is not None:
        row.ask_error, row.asked = error, not error
    return _leaf_answer(request, context, leaf)


@login_required
@require_POST
def accept_self_scores(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Accept the unit's self scores for every leaf still waiting (or one area's), in the appraiser's scope."""
    campaign = get_campaign_for_user(request.user, code)
    unit, scope = get_appraisal_unit_for_user(request.user, campaign, unit_code)
    if scope is None:
        raise PermissionDenied
    area: Criterion | None = None
    if area_id := request.POST.get("area", ""):
        area = scoring_setup(campaign).by_id.get(int(area_id)) if area_id.isdigit() else None
        if area is None or area.depth != 1:
            raise Http404
    try:
        count = appraisal.accept_self_scores(campaign, unit, Actor.of(request.user), area)
    except NotAllowed as exc:
        panel = Panel("error", str(exc), area.pk if area else None)
    else:
        text = (
            _("The unit's self scores were accepted for %(count)s items.") % {"count": count}
            if count
            else _("No item was waiting for an appraisal.")
        )
        council = _council_waiting(campaign, unit, area)
        if council:
            note = appraisal.council_waiting_text(council)
            text = f"{text} {note}" if count else note
        if not _is_htmx(request):
            messages.success(request, text)
            return redirect(_appraisal_url(campaign, unit, f"area-{area.pk}" if area else ""))
        panel = Panel("done", text, area.pk if area else None)
    return _answer(request, _sheet_context(request, campaign, unit, scope, panel))


def _council_waiting(campaign: Campaign, unit: Unit, area: Criterion | None) -> int:
    """Items only the council scores still waiting for their score (in one area, or all)."""
    assessment = workflow.assessment_for(campaign, unit)
    scores = {s.criterion_id: s for s in Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)}
    by_id = scoring_setup(campaign).by_id
    return sum(
        1
        for leaf in appraisal.unappraised_leaves(assessment, scores)
        if appraisal.council_scored(leaf) and (area is None or appraisal.area_of(leaf, by_id) == area.pk)
    )


@login_required
@require_POST
def close_round(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Close round 1 (questions go to the unit) or round 2 (the unit's file is appraised). Without ``confirm=1``
    (sent only by the confirming button) nothing happens: the answer says what would, or why it cannot."""
    campaign = get_campaign_for_user(request.user, code)
    unit, scope = get_appraisal_unit_for_user(request.user, campaign, unit_code)
    if scope is None:
        raise PermissionDenied
    actor = Actor.of(request.user)
    confirm = request.POST.get("confirm") == "1"
    finishing = request.POST.get("round") == "2"
    try:
        if finishing:
            appraisal.finish(campaign, unit, actor, confirm=confirm)
        else:
            appraisal.close_round1(campaign, unit, actor, confirm=confirm)
    except Unappraised as exc:
        panel = Panel("refused", str(exc))
    except ConfirmationNeeded as exc:
        panel = Panel("confirm", str(exc))
    except NotAllowed as exc:
        panel = Panel("error", str(exc))
    else:
        text = _("The appraisal is finished.") if finishing else _("Round 1 is closed.")
        if not _is_htmx(request):
            messages.success(request, text)
            return redirect(_appraisal_url(campaign, unit))
        panel = Panel("done", text)
    return _answer(request, _sheet_context(request, campaign, unit, scope, panel))
