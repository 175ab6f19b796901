"""Home Affairs pages: create a campaign, its calendar and policy, appraiser assignments, deadline exceptions,
locking, publishing and re-opening the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from parindex.assessments import appraisal, lifecycle
from parindex.assessments.access import get_campaign_unit_for_user, get_rw_campaign_for_user
from parindex.assessments.forms import AssignmentForm, CampaignSettingsForm, ExceptionForm, NewCampaignForm
from parindex.assessments.models import AppraiserAssignment
from parindex.assessments.results_pages import results_page
from parindex.assessments.services import CampaignError, open_campaign
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor
from parindex.org.access import units_for_user
from parindex.org.models import MANAGER_ROLES


@login_required
def new_campaign(request: HttpRequest) -> HttpResponse:
    managed = units_for_user(request.user, MANAGER_ROLES)
    if not managed.exists():
        raise PermissionDenied
    form = NewCampaignForm(request.POST or None, managed=managed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = Actor.of(request.user)
        try:
            campaign = open_campaign(
                data["code"],
                data["framework"].code,
                data["group"].code,
                actor,
                year=data["year"],
                name=data["name"],
                owner_code=data["owner"].code if data["owner"] else "",
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
    form = AssignmentForm(campaign, request.POST or None, managed=units_for_user(request.user, MANAGER_ROLES))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lifecycle.set_assignments(
                campaign,
                data["user"].pk,
                [u.pk for u in data["units"]],
                [a.pk for a in data["areas"]],
                Actor.of(request.user),
            )
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
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
def change_status(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Lock, publish or re-open the results. GET shows what will happen (or why it cannot happen now); only a POST
    carrying the confirmation acts. All three are audited; re-opening needs a reason."""
    campaign = get_rw_campaign_for_user(request.user, code)
    if action not in ("lock", "publish", "reopen"):
        raise Http404
    page = results_page(campaign, action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("confirm") == "1" and page.form_valid():
        try:
            done = page.act(Actor.of(request.user))
        except CampaignError as exc:
            page.refuse(exc)
        else:
            messages.success(request, done)
            return redirect("assessments:campaign-detail", campaign.code)
    return render(request, "assessments/results_confirm.html", page.context(), status=page.status)
