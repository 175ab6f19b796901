"""The dispatch after publication on the web: Home Affairs opens the draft drawn from the locked or published
results, edits every text, and downloads the Word file (nothing is stored; the command line does the same with
``parindex draft-dispatch``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from parindex.assessments.access import get_rw_campaign_for_user
from parindex.publication.dispatch_forms import DispatchForm, DistrictForm
from parindex.publication.documents.dispatch import build_dispatch, draft_dispatch
from parindex.publication.services import last_decision

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_form(request: HttpRequest, code: str) -> HttpResponse:
    """The drafted dispatch in editable fields (Home Affairs over the running unit; 404 / 403 otherwise); the
    district's index and rank redraft it (GET); a valid form answers with the Word file."""
    campaign = get_rw_campaign_for_user(request.user, code)
    if campaign.is_open:
        return render(request, "publication/dispatch_form.html", {"campaign": campaign}, status=409)
    district = DistrictForm(request.GET or None)
    known = district.cleaned_data if district.is_bound and district.is_valid() else {}
    last = last_decision(campaign)
    draft = draft_dispatch(
        campaign,
        district_index=known.get("district_index"),
        district_rank=(known.get("district_rank") or "").strip(),
        province_decision=(known.get("province_decision") or "").strip(),
        signer=last.signer if last is not None else "",
    )
    if request.method == "POST":
        form = DispatchForm(request.POST)
        if form.is_valid():
            response = HttpResponse(build_dispatch(form.edited(draft)), content_type=DOCX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="cong-van-{campaign.code}.docx"'
            response["Cache-Control"] = "private, no-store"
            return response
    else:
        form = DispatchForm(initial=DispatchForm.initial_from(draft))
    context = {"campaign": campaign, "district": district, "form": form, "draft": draft}
    return render(request, "publication/dispatch_form.html", context)
