"""Home Affairs pages: create a campaign, its calendar and policy, appraiser assignments, deadline exceptions,
locking, publishing and re-opening the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments import appraisal, lifecycle
from parindex.assessments.access import get_campaign_unit_for_user, get_rw_campaign_for_user
from parindex.assessments.forms import AssignmentForm, CampaignSettingsForm, ExceptionForm, NewCampaignForm, ReasonForm
from parindex.assessments.models import AppraiserAssignment
from parindex.assessments.services import CampaignError, open_campaign
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor
from parindex.org.access import units_for_user
from parindex.org.models import Role


@login_required
def new_campaign(request: HttpRequest) -> HttpResponse:
    if not units_for_user(request.user, [Role.HOME_AFFAIRS, Role.ADMIN]).exists():
        raise PermissionDenied
    form = NewCampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = Actor.of(request.user)
        try:
            campaign = open_campaign(
                data["code"], data["framework"].code, data["group"].code, actor, year=data["year"], name=data["name"]
            )
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            lifecycle.save_settings(
                campaign, {k: v for k, v in data.items() if k in lifecycle.SETTINGS_FIELDS and k != "name"}, actor
            )
            messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.name})
            return redirect("assessments:campaign-detail", campaign.code)
    return render(request, "assessments/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_settings(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_rw_campaign_for_user(request.user, code)
    form = CampaignSettingsForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in lifecycle.SETTINGS_FIELDS}
        # The form has already copied the values onto the instance; reload so the service sees the before state.
        campaign.refresh_from_db()
        changed = lifecycle.save_settings(campaign, values, Actor.of(request.user))
        messages.success(
            request,
            _("Saved.") if changed else _("Nothing changed."),
        )
        return redirect("assessments:campaign-detail", campaign.code)
    return render(request, "assessments/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def assignments(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_rw_campaign_for_user(request.user, code)
    form = AssignmentForm(campaign, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lifecycle.set_assignments(
            campaign,
            data["user"].pk,
            [u.pk for u in data["units"]],
            [a.pk for a in data["areas"]],
            Actor.of(request.user),
        )
        messages.success(request, _("Assignments saved."))
        return redirect("assessments:assignments", campaign.code)
    current = (
        AppraiserAssignment.objects.filter(campaign=campaign)
        .select_related("user", "unit", "area")
        .order_by("user__username", "unit__code", "area__position")
    )
    return render(request, "assessments/assignments.html", {"campaign": campaign, "form": form, "current": current})


@login_required
def grant_exception(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    campaign = get_rw_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code)
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appraisal.grant_exception(
                campaign, unit, form.cleaned_data["until"], form.cleaned_data["reason"], Actor.of(request.user)
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Exception granted to %(unit)s.") % {"unit": unit.name})
            return redirect("assessments:overview", campaign.code)
    return render(request, "assessments/exception_form.html", {"campaign": campaign, "unit": unit, "form": form})


@login_required
@require_POST
def change_status(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Lock, publish or re-open the results (re-opening needs a reason; all three are audited)."""
    campaign = get_rw_campaign_for_user(request.user, code)
    actor = Actor.of(request.user)
    reason = request.POST.get("reason", "")
    try:
        if action == "lock":
            if lifecycle.unfinished_units(campaign) and request.POST.get("confirm") != "1":
                raise CampaignError(_("Some units are not fully appraised yet. Tick the confirmation to lock anyway."))
            zeroed = lifecycle.lock_results(campaign, actor, reason)
            messages.success(request, _("Results locked; %(count)s empty items scored 0.") % {"count": zeroed})
        elif action == "publish":
            lifecycle.publish(campaign, actor)
            messages.success(request, _("Results published."))
        elif action == "reopen":
            ReasonForm({"reason": reason}).is_valid()
            lifecycle.reopen(campaign, actor, reason)
            messages.success(request, _("Results re-opened."))
        else:
            raise PermissionDenied
    except CampaignError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:campaign-detail", campaign.code)
