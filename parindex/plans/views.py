"""The improvement plans' pages: the plans a person follows, Home Affairs' review list of a campaign, a unit's plan
(the leaves it lost points on, their actions, submitting and reviewing), the action form, the completion reports and
their files.

Views stay thin: rights come from :mod:`parindex.plans.access`, rules from :mod:`parindex.plans.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments.access import campaigns_for_user, can_oversee
from parindex.assessments.models import Campaign, Result
from parindex.audit.services import Actor
from parindex.org.access import holds_any_role, memberships
from parindex.org.models import UNIT_ROLES
from parindex.plans import services as plans
from parindex.plans.access import (
    READ_ROLES,
    can_edit,
    can_review,
    can_submit,
    get_plan_unit_for_user,
    get_report_for_user,
    get_review_campaign_for_user,
    get_review_plan_for_user,
    get_rw_action_for_user,
    get_rw_plan_unit_for_user,
    get_rw_report_for_user,
    get_submit_plan_for_user,
)
from parindex.plans.forms import ActionForm, ReportForm, ReviewForm
from parindex.plans.losses import losses
from parindex.plans.models import ActionReport, Plan, PlanAction
from parindex.privatefiles import file_kind, file_response
from parindex.uploads import UploadRejected


def _plan_url(campaign: Campaign, unit_code: str, anchor: str = "") -> str:
    url = reverse("plans:plan", args=[campaign.code, unit_code])
    return f"{url}#{anchor}" if anchor else url


@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """The published campaigns the person follows plans of: the review list for those over the campaign, their own
    unit's plan for a unit's people."""
    if not holds_any_role(request.user, READ_ROLES):
        raise PermissionDenied
    own = [m.unit for m in memberships(request.user, UNIT_ROLES)]
    entries = []
    for campaign in campaigns_for_user(request.user).filter(status=Campaign.Status.PUBLISHED):
        units = [u for u in own if u.group_id == campaign.group_id]
        oversees = can_oversee(request.user, campaign)
        if units or oversees:
            entries.append({"campaign": campaign, "units": units, "oversees": oversees})
    return render(request, "plans/index.html", {"entries": entries})


@login_required
def review_list(request: HttpRequest, code: str) -> HttpResponse:
    """Every unit of a published campaign with its plan's state and its actions' counts; those awaiting Home Affairs
    first."""
    campaign = get_review_campaign_for_user(request.user, code)
    rows = plans.status_rows(campaign)
    rows.sort(key=lambda r: (not r.to_review, r.unit.code))
    context = {
        "campaign": campaign,
        "rows": rows,
        "reviews": can_review(request.user, campaign),
        "to_review": sum(1 for r in rows if r.to_review),
        "filed": sum(1 for r in rows if r.plan is not None),
    }
    return render(request, "plans/review_list.html", context)


@login_required
def plan_page(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """A unit's plan: the leaves it lost points on with the actions on each, what the user may do now, the review."""
    campaign, unit = get_plan_unit_for_user(request.user, code, unit_code)
    now = timezone.now()
    plan = plans.plan_of(campaign, unit)
    actions: list[PlanAction] = []
    if plan is not None:
        plan.campaign, plan.unit = campaign, unit
        reports = ActionReport.objects.select_related("submitted_by", "reviewed_by").order_by("submitted_at", "pk")
        actions = list(plan.actions.select_related("criterion").prefetch_related(Prefetch("reports", reports)))
    views = plans.action_views(actions, now)
    leaves = plans.plan_leaves(campaign, unit, views)
    shown = {view.action.pk for leaf in leaves for view in leaf.actions}
    editor = can_edit(request.user, unit)
    context = {
        "campaign": campaign,
        "unit": unit,
        "plan": plan,
        "leaves": leaves,
        # Actions on a leaf that no longer lost points (the results were re-opened and changed since).
        "other_actions": [view for view in views if view.action.pk not in shown],
        "result": Result.objects.filter(campaign=campaign, unit=unit).first(),
        "can_edit": editor and campaign.is_published and (plan is None or plan.editable),
        "can_submit": can_submit(request.user, unit)
        and campaign.is_published
        and plan is not None
        and plan.editable
        and bool(actions),
        "can_review": can_review(request.user, campaign) and plan is not None and plan.state == Plan.State.SUBMITTED,
        "can_review_reports": can_review(request.user, campaign),
        "can_report": editor and plan is not None and plan.state == Plan.State.ACCEPTED,
        "has_actions": bool(actions),
        "without_actions": [leaf for leaf in leaves if not leaf.actions],
        "now": now,
    }
    return render(request, "plans/plan.html", context)


def _action_form(request: HttpRequest, code: str, unit_code: str, action: PlanAction | None) -> HttpResponse:
    if action is None:
        campaign, unit = get_rw_plan_unit_for_user(request.user, code, unit_code)
    else:
        campaign, unit = action.plan.campaign, action.plan.unit
    lost = losses(campaign, unit)
    extra: dict[str, Any] = {}
    if action is None and request.GET.get("leaf", "").isdigit():
        extra["initial"] = {"leaf": int(request.GET["leaf"])}
    form = ActionForm(request.POST or None, losses=lost, action=action, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plans.save_action(campaign, unit, form.action_input(), Actor.of(request.user), action)
        except plans.PlanRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The action is saved in the plan."))
            return HttpResponseRedirect(_plan_url(campaign, unit.code, f"action-{saved.pk}"))
    context = {"campaign": campaign, "unit": unit, "form": form, "action": action, "published": campaign.is_published}
    return render(request, "plans/action_form.html", context)


@login_required
def action_new(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The unit's officers and head add an action on a leaf it lost points on."""
    return _action_form(request, code, unit_code, None)


@login_required
def action_edit(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    return _action_form(request, code, unit_code, get_rw_action_for_user(request.user, code, unit_code, pk))


@login_required
@require_POST
def action_remove(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    action = get_rw_action_for_user(request.user, code, unit_code, pk)
    try:
        plans.remove_action(action, Actor.of(request.user))
    except plans.PlanRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The action is removed from the plan."))
    return HttpResponseRedirect(_plan_url(action.plan.campaign, unit_code))


@login_required
@require_POST
def plan_submit(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The head of the unit sends the plan to Home Affairs."""
    plan = get_submit_plan_for_user(request.user, code, unit_code)
    try:
        plans.submit_plan(plan, Actor.of(request.user))
    except plans.PlanRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The plan is sent to Home Affairs for review."))
    return HttpResponseRedirect(_plan_url(plan.campaign, unit_code))


def _review_errors(request: HttpRequest, form: ReviewForm) -> None:
    for message in [str(error) for errors in form.errors.values() for error in errors]:
        messages.error(request, message)


@login_required
@require_POST
def plan_review(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Home Affairs accepts the plan or returns it with a reason."""
    plan = get_review_plan_for_user(request.user, code, unit_code)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _review_errors(request, form)
        return HttpResponseRedirect(_plan_url(plan.campaign, unit_code, "review"))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        plans.review_plan(plan, accept, form.cleaned_data["note"], Actor.of(request.user))
    except plans.PlanRefused as exc:
        messages.error(request, str(exc))
    else:
        if accept:
            messages.success(request, _("The plan of %(unit)s is accepted.") % {"unit": plan.unit.name})
        else:
            messages.success(request, _("The plan is returned to %(unit)s.") % {"unit": plan.unit.name})
    return HttpResponseRedirect(_plan_url(plan.campaign, unit_code, "review"))


@login_required
def action_report(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    """The unit reports an action done, with its evidence file."""
    action = get_rw_action_for_user(request.user, code, unit_code, pk)
    campaign = action.plan.campaign
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plans.send_action_report(
                action, form.cleaned_data["text"], upload, upload.name or "", Actor.of(request.user)
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except plans.PlanRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The completion report is sent to Home Affairs for review."))
            return HttpResponseRedirect(_plan_url(campaign, unit_code, f"action-{action.pk}"))
    context = {"campaign": campaign, "unit": action.plan.unit, "action": action, "form": form}
    return render(request, "plans/action_report.html", context)


@login_required
@require_POST
def report_review(request: HttpRequest, code: str, unit_code: str, pk: int) -> HttpResponse:
    """Home Affairs accepts a completion report (the action is completed) or returns it with a reason."""
    report = get_rw_report_for_user(request.user, code, unit_code, pk)
    campaign = report.action.plan.campaign
    anchor = f"action-{report.action_id}"
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _review_errors(request, form)
        return HttpResponseRedirect(_plan_url(campaign, unit_code, anchor))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        plans.review_action_report(report, accept, form.cleaned_data["note"], Actor.of(request.user))
    except plans.PlanRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The action is completed.") if accept else _("The completion report is returned to the unit.")
        )
    return HttpResponseRedirect(_plan_url(campaign, unit_code, anchor))


@login_required
def report_file(request: HttpRequest, code: str, unit_code: str, pk: int) -> FileResponse:
    """A completion report's evidence, to whoever reads the plan; PDFs and images open in the browser."""
    report = get_report_for_user(request.user, code, unit_code, pk)
    name = plans.report_file_name(report)
    if not report.file or file_kind(name) is None:
        raise Http404
    return file_response(report.file, name)
