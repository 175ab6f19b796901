"""Who sees and acts on improvement plans.

- A unit's officers and head read its plan and draft its actions; only the head submits it; they report the actions
  done once the plan is accepted.
- Home Affairs staff and administrators over the campaign's running unit review plans and completion reports (staff
  scoped to one commune read that commune's plan but review nothing: the campaign is not theirs to run).
- Leaders (viewers) read the plans of the units in their scope, and the campaign's review list when over its running
  unit.
Everything else is 404 (no hint it exists), or 403 for someone who may read but not act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from parindex.assessments.access import can_manage, can_oversee, get_campaign_for_user, get_campaign_unit_for_user
from parindex.assessments.models import Campaign
from parindex.org.access import AnyUser, has_role
from parindex.org.models import READER_ROLES, UNIT_ROLES, Role, Unit
from parindex.plans.models import ActionReport, Plan, PlanAction

# Who reads a unit's plan: its own people, and Home Affairs, administrators and leaders over it.
READ_ROLES = (*UNIT_ROLES, *READER_ROLES)


def can_edit(user: AnyUser, unit: Unit) -> bool:
    """Draft the actions and report them done: the unit's officers and head."""
    return has_role(user, unit, UNIT_ROLES)


def can_submit(user: AnyUser, unit: Unit) -> bool:
    return has_role(user, unit, (Role.HEAD,))


def can_review(user: AnyUser, campaign: Campaign) -> bool:
    """Accept or return plans and completion reports: those who run the campaign."""
    return can_manage(user, campaign)


def get_plan_unit_for_user(user: AnyUser, code: str, unit_code: str) -> tuple[Campaign, Unit]:
    """A campaign and one of its units whose plan the user reads; 404 for everyone else."""
    campaign = get_campaign_for_user(user, code)
    return campaign, get_campaign_unit_for_user(user, campaign, unit_code, READ_ROLES)


def get_rw_plan_unit_for_user(user: AnyUser, code: str, unit_code: str) -> tuple[Campaign, Unit]:
    """A unit whose plan the user drafts: 404 if not visible, 403 if visible but not the user's unit."""
    campaign, unit = get_plan_unit_for_user(user, code, unit_code)
    if not can_edit(user, unit):
        raise PermissionDenied
    return campaign, unit


def _plan(campaign: Campaign, unit: Unit) -> Plan:
    plan = Plan.objects.filter(campaign=campaign, unit=unit).first()
    if plan is None:
        raise Http404
    plan.campaign, plan.unit = campaign, unit
    return plan


def get_submit_plan_for_user(user: AnyUser, code: str, unit_code: str) -> Plan:
    """A plan the user submits: the head of its unit only (403 for the unit's officers and the readers)."""
    campaign, unit = get_plan_unit_for_user(user, code, unit_code)
    if not can_submit(user, unit):
        raise PermissionDenied
    return _plan(campaign, unit)


def get_review_plan_for_user(user: AnyUser, code: str, unit_code: str) -> Plan:
    """A plan the user reviews: Home Affairs over the campaign (403 for those who only read it)."""
    campaign, unit = get_plan_unit_for_user(user, code, unit_code)
    if not can_review(user, campaign):
        raise PermissionDenied
    return _plan(campaign, unit)


def get_action_for_user(user: AnyUser, code: str, unit_code: str, pk: int) -> PlanAction:
    """An action of a plan the user reads."""
    campaign, unit = get_plan_unit_for_user(user, code, unit_code)
    action = PlanAction.objects.select_related("plan", "criterion").filter(pk=pk, plan__campaign=campaign).first()
    if action is None or action.plan.unit_id != unit.pk:
        raise Http404
    action.plan.campaign, action.plan.unit = campaign, unit
    return action


def get_rw_action_for_user(user: AnyUser, code: str, unit_code: str, pk: int) -> PlanAction:
    """An action the user changes or reports done: the unit's officers and head (403 for the readers)."""
    action = get_action_for_user(user, code, unit_code, pk)
    if not can_edit(user, action.plan.unit):
        raise PermissionDenied
    return action


def get_report_for_user(user: AnyUser, code: str, unit_code: str, pk: int) -> ActionReport:
    """A completion report (and its file) of a plan the user reads; 404 for everyone else."""
    campaign, unit = get_plan_unit_for_user(user, code, unit_code)
    report = (
        ActionReport.objects.select_related("action__plan", "action__criterion")
        .filter(pk=pk, action__plan__campaign=campaign)
        .first()
    )
    if report is None or report.action.plan.unit_id != unit.pk:
        raise Http404
    report.action.plan.campaign, report.action.plan.unit = campaign, unit
    return report


def get_rw_report_for_user(user: AnyUser, code: str, unit_code: str, pk: int) -> ActionReport:
    """A completion report the user reviews: Home Affairs over the campaign (403 for those who only read it)."""
    report = get_report_for_user(user, code, unit_code, pk)
    if not can_review(user, report.action.plan.campaign):
        raise PermissionDenied
    return report


def get_review_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    """A campaign whose plans the user follows unit by unit: those who run it and the leaders over its running unit."""
    campaign = get_campaign_for_user(user, code)
    if not can_oversee(user, campaign):
        raise PermissionDenied
    return campaign
