"""Loading a questionnaire from the browser, as ``parindex load-survey`` does, and the sample questionnaires to start
from. Home Affairs (and administrators) only; every problem of a refused file is listed with its sheet and row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from parindex.audit.services import Actor
from parindex.surveys.access import can_run_surveys
from parindex.surveys.forms import QuestionnaireUploadForm
from parindex.surveys.loader import SAMPLES, Outcome, install_survey
from parindex.surveys.xlsform import Problem, SurveyFormError, read_xlsform

OUTCOMES = {
    Outcome.CREATED: gettext_lazy("Questionnaire “%(title)s” loaded (code %(code)s)."),
    Outcome.NEW_VERSION: gettext_lazy("Version %(version)s of “%(title)s” loaded: it is now the current version."),
    Outcome.REPLACED: gettext_lazy("Version %(version)s of “%(title)s” replaced (nobody had answered it yet)."),
    Outcome.UNCHANGED: gettext_lazy("“%(title)s” is already loaded with exactly this content: nothing changed."),
}


def _samples() -> list[str]:
    return sorted(path.name for path in SAMPLES.glob("*.xlsx"))


@login_required
def load_questionnaire(request: HttpRequest) -> HttpResponse:
    """Upload an XLSForm: checked whole; stored (and audited) only when nothing is wrong."""
    if not can_run_surveys(request.user):
        raise PermissionDenied
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            installed = install_survey(read_xlsform(data), Actor.of(request.user), data, upload.name)
        except SurveyFormError as error:
            problems = error.problems
        else:
            survey = installed.survey
            names = {"title": survey.title, "code": survey.code, "version": survey.version or "—"}
            messages.success(request, str(OUTCOMES[installed.outcome]) % names)
            return HttpResponseRedirect(reverse("surveys:detail", args=[survey.code]))
    status = 400 if problems or form.errors else 200
    context = {"form": form, "problems": problems, "samples": _samples()}
    return render(request, "surveys/load.html", context, status=status)


@login_required
def sample_questionnaire(request: HttpRequest, name: str) -> FileResponse:
    """One of the sample questionnaires shipped with parindex, to adapt and load."""
    if not can_run_surveys(request.user):
        raise PermissionDenied
    if name not in _samples():
        raise Http404
    return FileResponse((SAMPLES / name).open("rb"), as_attachment=True, filename=name)
