"""The publication decision on the web: Home Affairs issues it from the campaign's page once the results are locked
(the Word file downloads at once, the PDF is kept for the public page), downloads what was issued, and the public
opens the PDF of a published campaign's current decision."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from parindex.audit.services import Actor
from parindex.privatefiles import file_response
from parindex.publication.access import get_decision_for_user, get_public_decision, get_rw_decision_campaign_for_user
from parindex.publication.documents import pdf
from parindex.publication.documents.decision import DecisionMeta, DecisionRefused
from parindex.publication.forms import DecisionForm
from parindex.publication.services import covered_campaigns, issue_decision, last_decision, prefilled

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_http_methods(["GET", "POST"])
def decision_form(request: HttpRequest, code: str) -> HttpResponse:
    """Issue the decision (Home Affairs over the running unit, locked or published results): the form prefilled from
    the data and the last decision; a valid form answers with the Word file."""
    campaign = get_rw_decision_campaign_for_user(request.user, code)
    last = last_decision(campaign)
    context: dict[str, Any] = {"campaign": campaign, "last": last, "office": pdf.available()}
    if campaign.is_open:
        return render(request, "publication/decision_form.html", context)
    choices = covered_campaigns(campaign)
    if request.method == "POST":
        form = DecisionForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                issued = issue_decision(form.chosen(campaign), form.meta(), Actor.of(request.user))
            except DecisionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                assert issued.decision is not None
                response = HttpResponse(issued.docx, content_type=DOCX_TYPE)
                response["Content-Disposition"] = f'attachment; filename="{issued.decision.file_stem}.docx"'
                response["Cache-Control"] = "private, no-store"
                return response
    else:
        meta = prefilled(choices, DecisionMeta(number="", issued_on=timezone.localdate()))
        form = DecisionForm(initial=DecisionForm.initial_from(meta, choices), choices=choices)
    context.update(form=form, stale=last is not None and not last.is_current_for(campaign))
    return render(request, "publication/decision_form.html", context)


@login_required
def decision_file(request: HttpRequest, code: str, pk: int, kind: str) -> HttpResponseBase:
    """A decision as issued, Word or PDF, for those who run the campaign."""
    decision = get_decision_for_user(request.user, code, pk)
    if kind == "pdf" and decision.pdf:
        return file_response(decision.pdf, f"{decision.file_stem}.pdf", "pdf")
    if kind == "docx":
        return file_response(decision.docx, f"{decision.file_stem}.docx", "docx")
    raise Http404


def public_decision_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    """The PDF of a published campaign's current decision, open to everyone."""
    decision = get_public_decision(code)
    return file_response(decision.pdf, f"{decision.file_stem}.pdf", "pdf")
