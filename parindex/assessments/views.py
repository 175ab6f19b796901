"""Campaign pages everyone with a role on the campaign's units uses: the list, the campaign's page, the ranking and
the council's overview of every unit's progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from parindex.assessments import signals
from parindex.assessments.access import campaigns_for_user, can_manage, can_oversee, get_campaign_for_user
from parindex.assessments.appraisal import appraiser_scope
from parindex.assessments.exports import ranking_xlsx
from parindex.assessments.lifecycle import unfinished_units
from parindex.assessments.models import Assessment, Evidence, Question, Result, Score
from parindex.assessments.ranking import area_columns, viewer_disclosure
from parindex.assessments.results_pages import ranking_table
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.services import ensure_assessments
from parindex.assessments.workflow import draft_is_private, self_leaves
from parindex.org.access import units_for_user
from parindex.org.models import MANAGER_ROLES, UNIT_ROLES

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the overview shows of each unit's assessment (its step, submission and exception) and of the unit.
OVERVIEW_FIELDS = (
    "campaign_id",
    "unit_id",
    "state",
    "submitted_at",
    "late",
    "deadline_override",
    "override_reason",
    "unit__code",
    "unit__name",
)


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_for_user(request.user).annotate(unit_count=Count("results", distinct=True))
    can_create = units_for_user(request.user, MANAGER_ROLES).exists()
    return render(request, "assessments/campaign_list.html", {"campaigns": campaigns, "can_create": can_create})


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The campaign's calendar, where each of the user's units stands, and what the user can do next."""
    campaign = get_campaign_for_user(request.user, code)
    ensure_assessments(campaign)
    own = units_for_user(request.user, UNIT_ROLES).filter(group_id=campaign.group_id)
    mine = Assessment.objects.filter(campaign=campaign, unit__in=own).select_related("unit", "campaign")
    scope = appraiser_scope(request.user, campaign)
    context = {
        "campaign": campaign,
        "now": timezone.now(),
        "mine": mine,
        "is_manager": can_manage(request.user, campaign),
        "is_appraiser": not scope.is_empty,
        "sees_overview": not scope.is_empty or can_oversee(request.user, campaign),
        "unfinished": unfinished_units(campaign),
    }
    return render(request, "assessments/campaign_detail.html", context)


def _ranking(request: HttpRequest, code: str) -> dict[str, Any]:
    """The ranking as the user may see it (the page, its print view and its Excel file): the units in the user's
    scope; while the campaign runs, provisional, without any unit's draft but the user's own."""
    campaign = get_campaign_for_user(request.user, code)
    visible = units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", flat=True)
    seen = viewer_disclosure(campaign, request.user)
    return {
        "campaign": campaign,
        "rows": ranking_table(campaign, unit_ids=visible, seen=seen),
        "areas": area_columns(campaign),
        "ranked_total": seen.ranked_total,
        "provisional": seen.provisional,
        "now": timezone.now(),
    }


@login_required
def campaign_ranking(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "assessments/ranking.html", _ranking(request, code))


@login_required
def campaign_ranking_print(request: HttpRequest, code: str) -> HttpResponse:
    """The ranking on a clean page for printing (A4 landscape): title, campaign, date and the table."""
    return render(request, "assessments/ranking_print.html", _ranking(request, code))


@login_required
def campaign_ranking_export(request: HttpRequest, code: str) -> HttpResponse:
    """The ranking as the user sees it, as an Excel workbook."""
    context = _ranking(request, code)
    campaign = context["campaign"]
    body = ranking_xlsx(
        campaign, context["rows"], context["areas"], context["ranked_total"], context["provisional"], context["now"]
    )
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{campaign.code}.xlsx"'
    return response


@login_required
def campaign_overview(request: HttpRequest, code: str) -> HttpResponse:
    """Every unit's state and progress (Home Affairs and leaders over the running unit); an appraiser sees the units
    assigned to them. Staff and leaders of only part of the campaign (one commune) get 403, as unit people do."""
    campaign = get_campaign_for_user(request.user, code)
    scope = appraiser_scope(request.user, campaign)
    oversight = can_oversee(request.user, campaign)
    if scope.is_empty and not oversight:
        raise PermissionDenied
    ensure_assessments(campaign)
    assessments = list(
        Assessment.objects.filter(campaign=campaign, unit__in=campaign.units())
        .select_related("unit")
        .only(*OVERVIEW_FIELDS)
        .order_by("unit__code")
    )
    for assessment in assessments:
        assessment.campaign = campaign  # the rows' deadlines read the campaign: one object, not one per row
    if not oversight:
        assessments = [a for a in assessments if scope.covers_unit(a.unit_id)]
    leaf_ids = [leaf.pk for leaf in self_leaves(campaign)]
    # Self-scored and appraised leaves per unit, counted in one pass over the campaign's scores.
    scored, appraised = {}, {}
    for unit_id, n_scored, n_appraised in (
        Score.objects.filter(campaign=campaign)
        .values_list("unit_id")
        .annotate(
            scored=Count("id", filter=Q(criterion_id__in=leaf_ids) & (Q(self_score__isnull=False) | Q(self_na=True))),
            appraised=Count("id", filter=Q(appraised_score__isnull=False) | Q(appraised_na=True)),
        )
        .order_by()
    ):
        scored[unit_id], appraised[unit_id] = n_scored, n_appraised
    files = dict(
        Evidence.objects.filter(campaign=campaign, removed_at__isnull=True)
        .values_list("unit_id")
        .annotate(n=Count("id"))
    )
    open_questions = dict(
        Question.objects.filter(campaign=campaign, answer="").values_list("unit_id").annotate(n=Count("id"))
    )
    # The page shows each result's index only: its area figures (JSON) are not read.
    results = {r.unit_id: r for r in Result.objects.filter(campaign=campaign).order_by().only("unit_id", "index")}
    now = timezone.now()
    total_leaves = len(scoring_setup(campaign).scored_leaves)  # no tracking row, no item of another unit group
    rows = [
        {
            "assessment": a,
            "private": draft_is_private(a, now),
            "scored": scored.get(a.unit_id, 0),
            "appraised": appraised.get(a.unit_id, 0),
            "unappraised": total_leaves - appraised.get(a.unit_id, 0),
            "files": files.get(a.unit_id, 0),
            "open_questions": open_questions.get(a.unit_id, 0),
            "result": results.get(a.unit_id),
        }
        for a in assessments
    ]
    states = count_by_state(assessments)
    context = {
        "campaign": campaign,
        "rows": rows,
        "self_total": len(leaf_ids),
        "total_leaves": total_leaves,
        "states": states,
        "is_manager": can_manage(request.user, campaign),
    }
    for _receiver, extra in signals.overview_context.send(
        Assessment, campaign=campaign, user=request.user, unit_ids=[a.unit_id for a in assessments]
    ):
        if isinstance(extra, dict):
            context.update(extra)
    return render(request, "assessments/overview.html", context)


def count_by_state(assessments: list[Assessment]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(Assessment.State, 0)
    for assessment in assessments:
        counts[Assessment.State(assessment.state)] += 1
    return [(str(state.label), n) for state, n in counts.items()]
