"""A unit's full gap (every sub-criterion, what would move it up) and the effort marks Home Affairs keeps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from parindex.assessments.access import can_manage
from parindex.assessments.appraisal import area_of
from parindex.assessments.scoring import scoring_setup
from parindex.audit.services import Actor
from parindex.gaps.access import get_rw_effort_campaign_for_user, get_unit_gap_for_user
from parindex.gaps.analysis import target_text, unit_gap_report
from parindex.gaps.forms import EffortForm
from parindex.gaps.models import LeafEffort
from parindex.gaps.services import set_effort_marks
from parindex.org.access import has_role
from parindex.org.models import UNIT_ROLES


@login_required
def unit_gap(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    """Every applicable sub-criterion with its maximum, points and points lost, by area; what reaches the next band
    and rank; the leaves that give the most points back (``?order=effort``: the easiest first)."""
    campaign, unit = get_unit_gap_for_user(request.user, code, unit_code)
    by_effort = request.GET.get("order") == "effort"
    report = unit_gap_report(campaign, unit, by_effort=by_effort, top=10)
    if report is None:
        raise Http404
    context = {
        "campaign": campaign,
        "unit": unit,
        "gaps": report,
        "targets": target_text(report),
        "by_effort": by_effort,
        "own_unit": has_role(request.user, unit, UNIT_ROLES),
        "can_mark_effort": can_manage(request.user, campaign),
    }
    return render(request, "gaps/unit_gap.html", context)


@login_required
def effort_marks(request: HttpRequest, code: str) -> HttpResponse:
    """Home Affairs marks how hard each sub-criterion of the campaign's criteria set is to win back."""
    campaign = get_rw_effort_campaign_for_user(request.user, code)
    leaves = scoring_setup(campaign).scored_leaves
    marks = dict(
        LeafEffort.objects.filter(criterion__framework_id=campaign.framework_id).values_list("criterion_id", "effort")
    )
    form = EffortForm(leaves, marks, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = set_effort_marks(
            campaign.framework, form.changed_marks(), Actor.of(request.user), form.cleaned_data["reason"]
        )
        if changed:
            messages.success(request, _("Effort marks saved: %(count)d.") % {"count": changed})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("gaps:effort", campaign.code)
    by_id = scoring_setup(campaign).by_id
    rows = []
    last_area = None
    for leaf, field in form.bound_rows():
        area = area_of(leaf, by_id)
        # The area's heading before its first leaf (a leaf that is itself an area has none).
        heading = by_id.get(area) if area is not None and area != last_area and area != leaf.pk else None
        rows.append({"leaf": leaf, "field": field, "area": heading})
        last_area = area
    return render(request, "gaps/effort_marks.html", {"campaign": campaign, "form": form, "rows": rows})
