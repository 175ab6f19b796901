"""The campaign's head-rating table (with its downloads) and the disciplinary cases register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.assessments.access import get_campaign_for_user
from parindex.assessments.models import Campaign
from parindex.assessments.ranking import viewer_disclosure
from parindex.audit.services import Actor
from parindex.org.access import units_for_user
from parindex.ratings import exports
from parindex.ratings.access import (
    can_edit_register,
    can_read_register,
    cases_for_user,
    get_rw_case_for_user,
    register_units_for_user,
)
from parindex.ratings.forms import DisciplinaryCaseForm, RegisterFilterForm
from parindex.ratings.reading import rating_table
from parindex.ratings.register import Effect, remove_case, save_case
from parindex.ratings.services import RatingRow

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _visible_ratings(request: HttpRequest, campaign: Campaign) -> list[RatingRow]:
    """The rating table as the user may see it: the units in their scope; while the campaign runs, no unit's draft
    but the user's own (the same rule as the ranking)."""
    visible = dict(units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", "is_active"))
    seen = viewer_disclosure(campaign, request.user) if campaign.rating_rules_id else None
    unit_ids: list[int] | None = list(visible)
    if seen is not None and not campaign.is_open and all(visible.get(unit_id) for unit_id in seen.ranks):
        # Every unit with a result is visible (and active): the whole stored table, read without a list of
        # thousands of ids in its query. (Rated now, the whole campaign would take one more query: its units.)
        unit_ids = None
    return rating_table(campaign, unit_ids=unit_ids, seen=seen)


@login_required
def campaign_ratings(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    rows = _visible_ratings(request, campaign)
    return render(request, "ratings/campaign_ratings.html", {"campaign": campaign, "rows": rows})


@login_required
def export_ratings(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The rating table as the user sees it, as Excel or as CSV for people (UTF-8 with a BOM so Excel reads the
    accents; Vietnamese headers and level names; the machine CSV is ``rate-heads --format csv``)."""
    campaign = get_campaign_for_user(request.user, code)
    if fmt not in EXPORTS or campaign.rating_rules is None:
        raise Http404
    rows = _visible_ratings(request, campaign)
    content_type, extension = EXPORTS[fmt]
    if fmt == "xlsx":
        body = exports.to_xlsx(campaign, campaign.rating_rules, rows)
    else:
        body = ("\ufeff" + exports.to_people_csv(rows)).encode("utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{campaign.code}.{extension}"'
    return response


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The disciplinary cases the user may read, newest decision first, filtered by year and unit."""
    if not can_read_register(request.user):
        raise PermissionDenied
    cases = cases_for_user(request.user)
    filters = RegisterFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["year"]:
            cases = cases.filter(decided_on__year=filters.cleaned_data["year"])
        if text := filters.cleaned_data["q"].strip():
            cases = cases.filter(Q(unit__code__iexact=text) | Q(unit__name__icontains=text))
    page = Paginator(cases.order_by("-decided_on", "unit__code", "pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_edit": can_edit_register(request.user)}
    return render(request, "ratings/register.html", context)


def _report(request: HttpRequest, effect: Effect) -> None:
    for campaign in effect.rerated:
        messages.info(
            request,
            _("Head ratings of %(campaign)s were computed again with the register as it is now.")
            % {"campaign": campaign.name},
        )
    for campaign in effect.published:
        messages.warning(
            request,
            _(
                "The results of %(campaign)s are published: its head ratings stay as published. Re-open the "
                "results (with a reason) to apply this change."
            )
            % {"campaign": campaign.name},
        )


@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    if not can_edit_register(request.user):
        raise PermissionDenied
    units = register_units_for_user(request.user, edit=True)
    form = DisciplinaryCaseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        effect = save_case(form.instance, Actor.of(request.user))
        messages.success(request, _("Decision %(number)s is recorded.") % {"number": form.instance.decision_number})
        _report(request, effect)
        return HttpResponseRedirect(reverse("ratings:register"))
    return render(request, "ratings/case_form.html", {"form": form, "case": None})


@login_required
def edit_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, pk)
    units = register_units_for_user(request.user, edit=True)
    form = DisciplinaryCaseForm(request.POST or None, instance=case, units=units)
    if request.method == "POST" and form.is_valid():
        effect = save_case(form.instance, Actor.of(request.user), form.cleaned_data["reason"])
        messages.success(request, _("Decision %(number)s is saved.") % {"number": case.decision_number})
        _report(request, effect)
        return HttpResponseRedirect(reverse("ratings:register"))
    return render(request, "ratings/case_form.html", {"form": form, "case": case})


@login_required
@require_POST
def delete_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say why the case is removed."))
        return HttpResponseRedirect(reverse("ratings:case-edit", args=[case.pk]))
    number = case.decision_number
    effect = remove_case(case, Actor.of(request.user), reason)
    messages.success(request, _("Decision %(number)s is removed from the register.") % {"number": number})
    _report(request, effect)
    return HttpResponseRedirect(reverse("ratings:register"))
