"""The respondent's public form, reached by a one-time link or its QR code, without an account.

Made for a phone: one column, large touch targets, Vietnamese. It sends no referrer, carries no script (its
Content-Security-Policy forbids any), is never cached or indexed, and shows no personal data: only the survey's
title and the unit the answers are about. A link works once: a second submission, even one racing the first, is
refused with a clear message (:func:`parindex.surveys.responses.record_web_response`). The time from the page's
first load to the submission travels signed in the form, so answers given too fast are flagged.

The form is exempt from the CSRF check, on purpose: with no referrer sent, browsers post it with ``Origin: null``,
which the check refuses; and it protects nothing here, since no cookie or session gives the form any authority —
the token in the address is the only credential, and whoever holds it can post anyway. So the page sets no cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from parindex.audit.services import Actor
from parindex.surveys.access import get_respondent_for_token
from parindex.surveys.models import Question, Respondent
from parindex.surveys.responses import AlreadyAnswered, InvalidAnswers, Questionnaire, record_web_response, rescore

POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SALT = "parindex.surveys.form-started"


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No referrer, no script, no framing, no cache, no search engine."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["Content-Security-Policy"] = POLICY
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["X-Frame-Options"] = "DENY"
        return response

    return wrapped


def started_stamp(token: str, now: datetime | None = None) -> str:
    moment = now or timezone.now()
    return signing.Signer(salt=SALT + token).sign(str(int(moment.timestamp())))


def read_started(token: str, stamp: str) -> datetime | None:
    """When the respondent first loaded the form, from the signed stamp; None when missing or tampered with."""
    try:
        seconds = int(signing.Signer(salt=SALT + token).unsign(stamp))
    except (signing.BadSignature, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.get_current_timezone())


@dataclass
class FormRow:
    question: Question
    number: int | None
    choices: list[tuple[str, str]] = field(default_factory=list)  # (name, label)
    chosen: list[str] = field(default_factory=list)
    value: str = ""
    error: str = ""

    @property
    def field_name(self) -> str:
        return "q-" + self.question.name


def _values(request: HttpRequest, questionnaire: Questionnaire) -> dict[str, str]:
    return {
        question.name: " ".join(v.strip() for v in request.POST.getlist("q-" + question.name))
        for question in questionnaire.questions
    }


def _rows(questionnaire: Questionnaire, values: dict[str, str], problems: dict[str, str]) -> list[FormRow]:
    rows = []
    number = 0
    for question in questionnaire.items:
        if question.type == "note":
            rows.append(FormRow(question, None))
        elif question.name in questionnaire.by_name:
            number += 1
            value = values.get(question.name, "")
            rows.append(
                FormRow(
                    question,
                    number,
                    [(c.name, c.label or c.name) for c in questionnaire.choices(question)],
                    value.split(),
                    value,
                    problems.get(question.name, ""),
                )
            )
    return rows


def _answered(request: HttpRequest, respondent: Respondent, status: int, just_now: bool = False) -> HttpResponse:
    context = {
        "survey": respondent.survey,
        "unit": respondent.unit,
        "used_at": respondent.token_used_at,
        "just_now": just_now,
    }
    return render(request, "surveys/public/answered.html", context, status=status)


@csrf_exempt
@private_page
@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, token: str) -> HttpResponse:
    respondent = get_respondent_for_token(token)
    if request.method == "GET" and respondent.token_used_at is not None:
        return _answered(request, respondent, 200)
    questionnaire = Questionnaire(respondent.survey)
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    stamp = started_stamp(token)
    if request.method == "POST":
        stamp = request.POST.get("started", "")
        values = _values(request, questionnaire)
        try:
            response = record_web_response(respondent, values, read_started(token, stamp))
        except AlreadyAnswered as exc:
            respondent.token_used_at = exc.used_at
            return _answered(request, respondent, 409)
        except InvalidAnswers as exc:
            problems = exc.problems
        else:
            rescore(
                [respondent.survey.code],
                Actor.command_line(_("respondent (web form)")),
                _("survey answered on the web form"),
                [response.unit_id],
            )
            return _answered(request, respondent, 200, just_now=True)
    context = {
        "survey": respondent.survey,
        "unit": respondent.unit,
        "rows": _rows(questionnaire, values, problems),
        "problems": problems,
        "started": stamp,
        "token": token,
    }
    return render(request, "surveys/public/form.html", context, status=400 if problems else 200)
