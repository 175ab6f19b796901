"""The floor of ``bench-rush``: the least a save can be, served by the same app server in the same run.

It is not part of the application: only the benchmark's app server routes to it (:mod:`parindex.benchmarks.urls`,
through :mod:`parindex.benchmarks.floor_settings`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from parindex.assessments.models import Score
from parindex.audit.models import Action
from parindex.audit.services import Actor, record


@login_required
@require_POST
def floor(request: HttpRequest, pk: int) -> HttpResponse:
    """Write one row (a score's note) and its audit entry, chained like every entry, in one transaction; answer a
    few bytes. The same session, user, CSRF check and middleware as a save, and nothing else."""
    text = request.POST.get("note", "")
    with transaction.atomic():
        score = get_object_or_404(Score.objects.select_for_update(), pk=pk, unit__memberships__user=request.user)
        before, score.note = score.note, text
        score.save(update_fields=["note", "updated_at"])
        record(Actor.of(request.user), score.to_change(Action.NOTE_CHANGED, {"note": before}, {"note": text}))
    return HttpResponse("ok")
