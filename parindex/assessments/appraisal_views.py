"""The council's pages: a unit's sheet with its self scores, evidence and explanations beside the appraised scores;
appraising a leaf with a reason; asking for an explanation; closing round 1 and round 2."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments import appraisal, workflow
from parindex.assessments.access import get_campaign_for_user, get_campaign_unit_for_user
from parindex.assessments.appraisal import Scope, appraiser_scope, area_of
from parindex.assessments.models import Campaign
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.sheet import UnitFile, build_rows
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.access import has_role
from parindex.org.models import Role, Unit


def _reader(request: HttpRequest, campaign: Campaign, unit_code: str) -> tuple[Unit, Scope | None]:
    """The unit, and the user's appraiser scope (None: reads everything, edits nothing, as Home Affairs and viewers
    do). Outsiders and appraisers not assigned to the unit get 404/403; nobody sees a draft."""
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code)
    scope = appraiser_scope(request.user, campaign)
    if scope.covers_unit(unit.pk):
        return unit, scope
    if has_role(request.user, unit, (Role.HOME_AFFAIRS, Role.ADMIN, Role.VIEWER)):
        return unit, None
    raise PermissionDenied


def _leaf_for_appraiser(
    request: HttpRequest, campaign: Campaign, unit_code: str, leaf_id: int
) -> tuple[Unit, Criterion]:
    unit, scope = _reader(request, campaign, unit_code)
    criteria = scoring_setup(campaign.framework).by_id
    leaf = criteria.get(leaf_id)
    if leaf is None or not leaf.is_leaf:
        raise PermissionDenied
    if scope is None or not scope.covers_leaf(unit.pk, area_of(leaf, criteria)):
        raise PermissionDenied
    return unit, leaf


def _appraisal_url(campaign: Campaign, unit: Unit, leaf_id: int | None = None) -> str:
    url = reverse("assessments:appraisal-sheet", args=[campaign.code, unit.code])
    return f"{url}#leaf-{leaf_id}" if leaf_id else url


@login_required
def appraisal_sheet(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit, scope = _reader(request, campaign, unit_code)
    assessment = workflow.assessment_for(campaign, unit)
    private = workflow.draft_is_private(assessment)
    file = None if private else UnitFile.load(campaign, unit)
    rows = [] if file is None else build_rows(file, scope)
    block = workflow.appraisal_block(assessment)
    context = {
        "campaign": campaign,
        "unit": unit,
        "assessment": assessment,
        "private": private,
        "rows": rows,
        "totals": file.totals() if file else None,
        "can_appraise": scope is not None and block is None,
        "why_locked": block,
        "round2": assessment.state in (workflow.State.EXPLANATION_REQUESTED, workflow.State.EXPLAINED),
        "can_ask": assessment.state in (workflow.State.SUBMITTED, workflow.State.APPRAISING, *workflow.SELF_STATES),
        "policy_zero": campaign.zero_if_not_self_assessed and assessment.self_window_closed(),
        "unappraised": [r for r in rows if r.is_leaf and r.visible and not (r.score and r.score.is_appraised)],
    }
    return render(request, "assessments/appraisal_sheet.html", context)


@login_required
@require_POST
def appraise_leaf(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit, leaf = _leaf_for_appraiser(request, campaign, unit_code, leaf_id)
    try:
        appraisal.appraise(
            campaign,
            unit,
            leaf,
            request.POST.get("points", ""),
            request.POST.get("not_applicable") == "1",
            request.POST.get("reason", ""),
            Actor.of(request.user),
        )
    except NotAllowed as exc:
        messages.error(request, f"{leaf.code}: {exc}")
    else:
        messages.success(request, _("Appraised score of %(code)s saved.") % {"code": leaf.code})
    return HttpResponseRedirect(_appraisal_url(campaign, unit, leaf.pk))


@login_required
@require_POST
def ask_question(request: HttpRequest, code: str, unit_code: str, leaf_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    unit, leaf = _leaf_for_appraiser(request, campaign, unit_code, leaf_id)
    try:
        appraisal.ask(campaign, unit, leaf, request.POST.get("question", ""), Actor.of(request.user))
    except NotAllowed as exc:
        messages.error(request, f"{leaf.code}: {exc}")
    return HttpResponseRedirect(_appraisal_url(campaign, unit, leaf.pk))


@login_required
@require_POST
def close_round(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Close round 1 (questions go to the unit) or round 2 (the unit's file is appraised)."""
    campaign = get_campaign_for_user(request.user, code)
    unit, scope = _reader(request, campaign, unit_code)
    if scope is None:
        raise PermissionDenied
    actor = Actor.of(request.user)
    try:
        if request.POST.get("round") == "2":
            appraisal.finish(campaign, unit, actor)
        else:
            appraisal.close_round1(campaign, unit, actor)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    return redirect(_appraisal_url(campaign, unit))
