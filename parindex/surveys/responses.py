"""Responses, whichever way they come in: checked against the questionnaire, flagged for review, saved, audited.

The three ways of collecting (the respondent's one-time web form, the staff data-entry page, the import of a
KoboToolbox / ODK Central export) all build :class:`ResponseDraft` objects through :class:`Questionnaire` and save
them here, so the same rules hold everywhere:

* an answer to a choice question must be one of that question's choices (by its XLSForm ``name``; a label or, on the
  entry page, the choice's number are understood too); anything else is refused;
* a respondent answers once (the link's ``token_used_at`` is claimed by a conditional UPDATE, so two submissions
  racing each other cannot both pass); a response id (Kobo ``_uuid``, a paper form's number) appears once per survey;
* "straight-lining" (the same answer to every scored question) and, where the time taken is known, answers given too
  fast are flagged for review, not refused;
* who recorded each response is kept on it (``entered_by``) and in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record, record_many
from parindex.org.models import Unit
from parindex.surveys.models import Answer, Choice, Question, Respondent, Response, Survey
from parindex.surveys.services import score_survey_leaves
from parindex.tabular import fold, non_ascii_digits

# XLSForm rows that ask nothing: notes are shown, the others are filled in by the form itself.
NOT_ASKED = {
    "note",
    "calculate",
    "hidden",
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "begin_group",
    "end_group",
    "begin_repeat",
    "end_repeat",
}
TOO_FAST = "too_fast"
STRAIGHT_LINE = "straight_line"
FLAG_LABELS = {
    TOO_FAST: gettext_lazy("answered too fast"),
    STRAIGHT_LINE: gettext_lazy("same answer to every question"),
}
# Fewer scored answers than this are too few to call a pattern "straight-lining".
STRAIGHT_LINE_MIN = 5
MAX_TEXT = 2000


def seconds_per_question() -> Decimal:
    """Below this many seconds per question asked, a response is "too fast" (setting SURVEY_SECONDS_PER_QUESTION)."""
    return Decimal(str(getattr(settings, "SURVEY_SECONDS_PER_QUESTION", 2)))


def flag_label(flag: str) -> str:
    return str(FLAG_LABELS.get(flag, flag))


@dataclass
class AnswerDraft:
    question: Question
    choice: Choice | None
    value: str


@dataclass
class ResponseDraft:
    """A response that passed every check, not saved yet."""

    unit_id: int
    answers: list[AnswerDraft]
    channel: str
    external_id: str = ""
    respondent_id: int | None = None
    started_at: datetime | None = None
    submitted_at: datetime | None = None
    flags: list[str] = field(default_factory=list)
    line: int = 0


class AlreadyAnswered(Exception):
    """The respondent's link was used already (or is being used right now by another submission)."""

    def __init__(self, used_at: datetime | None) -> None:
        super().__init__("already answered")
        self.used_at = used_at


class InvalidAnswers(Exception):
    """Some answers were refused; ``problems`` maps a field (a question's name, or ``""``) to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class Questionnaire:
    """A survey's questions and choice lists, read once (two queries), with the checks of each kind of answer."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.items: list[Question] = list(survey.questions.select_related("component").order_by("order", "pk"))
        self.questions = [q for q in self.items if q.type not in NOT_ASKED]
        self.by_name = {q.name: q for q in self.questions}
        self.lists: dict[str, list[Choice]] = {}
        for choice in survey.choices.order_by("list_name", "order", "pk"):
            self.lists.setdefault(choice.list_name, []).append(choice)

    def choices(self, question: Question) -> list[Choice]:
        return self.lists.get(question.list_name, [])

    def position(self, choice: Choice) -> int:
        """The choice's number in its list, from 1 (what staff type on the entry page)."""
        return next(i for i, c in enumerate(self.lists[choice.list_name], start=1) if c.pk == choice.pk)

    def find_choice(self, question: Question, text: str, by_number: bool = False) -> Choice | None:
        """The choice ``text`` names: its name (exactly, then ignoring case), its label, or its number if asked."""
        choices = self.choices(question)
        for choice in choices:
            if choice.name == text:
                return choice
        folded = fold(text)
        for attribute in ("name", "label"):
            found = [c for c in choices if fold(getattr(c, attribute)) == folded]
            if len(found) == 1:
                return found[0]
        if by_number and text.isascii() and text.isdigit() and len(text) < 6 and 1 <= int(text) <= len(choices):
            return choices[int(text) - 1]
        return None

    def allowed(self, question: Question, by_number: bool = False) -> str:
        """The accepted answers, for a message: "1 (rat_hai_long), 2 (hai_long)…" or the names."""
        choices = self.choices(question)
        if by_number:
            return ", ".join(f"{i} ({c.label or c.name})" for i, c in enumerate(choices, start=1))
        return ", ".join(c.name for c in choices)

    def answer(self, question: Question, text: str, by_number: bool = False) -> AnswerDraft:
        """One answer checked; ValueError with the message when it is refused (text already trimmed, not empty)."""
        if question.type == "select_one":
            choice = self.find_choice(question, text, by_number)
            if choice is None:
                raise ValueError(
                    _("“%(value)s” is not one of the choices of %(question)s: %(allowed)s")
                    % {"value": text, "question": question.name, "allowed": self.allowed(question, by_number)}
                )
            return AnswerDraft(question, choice, choice.name)
        if question.type == "select_multiple":
            names = []
            for part in re.split(r"[\s,;]+", text):
                choice = self.find_choice(question, part, by_number) if part else None
                if part and choice is None:
                    raise ValueError(
                        _("“%(value)s” is not one of the choices of %(question)s: %(allowed)s")
                        % {"value": part, "question": question.name, "allowed": self.allowed(question, by_number)}
                    )
                if choice is not None and choice.name not in names:
                    names.append(choice.name)
            return AnswerDraft(question, None, " ".join(names))
        if question.type in ("integer", "decimal", "range"):
            if non_ascii_digits(text):
                raise ValueError(_("“%(value)s”: use only the digits 0–9") % {"value": text[:40]})
            try:
                number = Decimal(text.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise ValueError(_("“%(value)s” is not a number") % {"value": text}) from None
            if not number.is_finite() or (question.type == "integer" and number != number.to_integral_value()):
                raise ValueError(_("“%(value)s” is not a whole number") % {"value": text})
            return AnswerDraft(question, None, str(number.normalize() if number else 0))
        if len(text) > MAX_TEXT:
            raise ValueError(_("the answer is longer than %(max)s characters") % {"max": MAX_TEXT})
        return AnswerDraft(question, None, text)

    def check(
        self, values: Mapping[str, str], *, by_number: bool = False, require: bool = False
    ) -> tuple[list[AnswerDraft], dict[str, str]]:
        """Every answer of ``values`` (question name → text) checked: the answers, and a message per refused one.
        ``require``: the questions the XLSForm marks required must be answered (the web form)."""
        answers: list[AnswerDraft] = []
        problems: dict[str, str] = {}
        for question in self.questions:
            text = (values.get(question.name) or "").strip()
            if not text:
                if require and question.required:
                    problems[question.name] = _("this question needs an answer")
                continue
            try:
                answers.append(self.answer(question, text, by_number))
            except ValueError as exc:
                problems[question.name] = str(exc)
        return answers, problems

    def flags(
        self, answers: Sequence[AnswerDraft], started_at: datetime | None, submitted_at: datetime | None
    ) -> list[str]:
        """Why a response should be looked at: answered too fast for the questions asked (when the time taken is
        known), or the same answer to every scored question."""
        found = []
        if started_at is not None and submitted_at is not None and self.questions:
            seconds = Decimal(str((submitted_at - started_at).total_seconds()))
            if seconds < seconds_per_question() * len(self.questions):
                found.append(TOO_FAST)
        scored = [a for a in answers if a.choice is not None and a.question.component_id is not None]
        if len(scored) >= STRAIGHT_LINE_MIN and len({self.position(a.choice) for a in scored if a.choice}) == 1:
            found.append(STRAIGHT_LINE)
        return found


def snapshot(response: Response, answers: int) -> dict[str, Any]:
    """What the audit log keeps of a response: where it came from and its flags, not the answers themselves."""
    return {
        "survey": response.survey.code if response.survey_id else "",
        "channel": response.channel,
        "external_id": response.external_id,
        "respondent": response.respondent_id,
        "answers": answers,
        "flags": list(response.flags),
    }


def _build(survey: Survey, draft: ResponseDraft, entered_by: Any, now: datetime) -> Response:
    return Response(
        survey=survey,
        unit_id=draft.unit_id,
        respondent_id=draft.respondent_id,
        external_id=draft.external_id,
        channel=draft.channel,
        entered_by=entered_by,
        started_at=draft.started_at,
        submitted_at=draft.submitted_at or now,
        flags=draft.flags,
        created_at=now,
    )


def _answers(response: Response, draft: ResponseDraft) -> list[Answer]:
    return [Answer(response=response, question=a.question, choice=a.choice, value=a.value) for a in draft.answers]


def record_web_response(
    respondent: Respondent, values: Mapping[str, str], started_at: datetime | None, now: datetime | None = None
) -> Response:
    """A respondent's answers from the public form. Refuses (InvalidAnswers) a wrong or missing required answer and
    (AlreadyAnswered) a second submission, also when two race each other: the link is claimed by a conditional
    UPDATE on ``token_used_at`` inside the transaction that writes the response."""
    now = now or timezone.now()
    questionnaire = Questionnaire(respondent.survey)
    answers, problems = questionnaire.check(values, require=True)
    if problems:
        raise InvalidAnswers(problems)
    if started_at is not None and started_at > now:
        started_at = None
    draft = ResponseDraft(
        unit_id=respondent.unit_id,
        answers=answers,
        channel=Response.Channel.WEB,
        respondent_id=respondent.pk,
        started_at=started_at,
        submitted_at=now,
        flags=questionnaire.flags(answers, started_at, now),
    )
    try:
        with transaction.atomic():
            claimed = Respondent.objects.filter(pk=respondent.pk, token_used_at__isnull=True).update(token_used_at=now)
            if not claimed:
                raise AlreadyAnswered(Respondent.objects.values_list("token_used_at", flat=True).get(pk=respondent.pk))
            response = _build(respondent.survey, draft, None, now)
            response.save()
            Answer.objects.bulk_create(_answers(response, draft))
            record(
                Actor.command_line(_("respondent (web form)")),
                response.to_change(Action.SURVEY_RESPONSE_RECORDED, None, snapshot(response, len(answers))),
            )
    except IntegrityError:  # the one-to-one on the respondent: another submission won
        raise AlreadyAnswered(now) from None
    respondent.token_used_at = now
    return response


def record_typed_response(
    survey: Survey,
    unit: Unit,
    values: Mapping[str, str],
    actor: Actor,
    form_number: str = "",
    now: datetime | None = None,
) -> Response:
    """A paper form typed by staff: choices by number or name; ``form_number`` (written on the paper form) keeps
    the same form from being typed twice. InvalidAnswers names each refused field (``form_number`` included)."""
    now = now or timezone.now()
    questionnaire = Questionnaire(survey)
    answers, problems = questionnaire.check(values, by_number=True)
    form_number = form_number.strip()
    if form_number:
        earlier = Response.objects.filter(survey=survey, external_id=form_number).select_related("entered_by").first()
        if earlier is not None:
            problems["form_number"] = _duplicate_message(form_number, earlier)
    if not answers and not problems:
        problems[""] = _("the form is empty: type at least one answer")
    if problems:
        raise InvalidAnswers(problems)
    draft = ResponseDraft(
        unit_id=unit.pk,
        answers=answers,
        channel=Response.Channel.ENTRY,
        external_id=form_number,
        submitted_at=now,
        flags=questionnaire.flags(answers, None, None),
    )
    try:
        with transaction.atomic():
            response = _build(survey, draft, actor.user, now)
            response.save()
            Answer.objects.bulk_create(_answers(response, draft))
            record(actor, response.to_change(Action.SURVEY_RESPONSE_RECORDED, None, snapshot(response, len(answers))))
    except IntegrityError:  # the same form number saved by a colleague a moment ago
        raise InvalidAnswers(
            {"form_number": _("form %(number)s was already entered") % {"number": form_number}}
        ) from None
    return response


def _duplicate_message(number: str, earlier: Response) -> str:
    by = earlier.entered_by.get_username() if earlier.entered_by else ""
    local = timezone.localtime(earlier.created_at)
    if by:
        return _("form %(number)s was already entered by %(by)s on %(date)s") % {
            "number": number,
            "by": by,
            "date": f"{local:%d/%m/%Y %H:%M}",
        }
    return _("response %(number)s is already recorded (%(channel)s, %(date)s)") % {
        "number": number,
        "channel": earlier.get_channel_display(),
        "date": f"{local:%d/%m/%Y %H:%M}",
    }


@dataclass
class Saved:
    created: int
    replaced: int
    flagged: int
    unit_ids: set[int]


def save_imported(
    survey: Survey, drafts: Sequence[ResponseDraft], actor: Actor, filename: str = "", now: datetime | None = None
) -> Saved:
    """Write checked imported responses in bulk: those whose id is already there are replaced (their answers with
    them). One audit entry per response and one for the file, naming who imported it and how many."""
    now = now or timezone.now()
    ids = [d.external_id for d in drafts]
    with transaction.atomic():
        old = {
            r.external_id: r
            for r in Response.objects.filter(survey=survey, external_id__in=ids)
            .select_related("survey")
            .annotate(answer_count=Count("answers"))
        }
        before = {external_id: snapshot(r, r.answer_count) for external_id, r in old.items()}
        Response.objects.filter(pk__in=[r.pk for r in old.values()]).delete()
        responses = [_build(survey, d, actor.user, now) for d in drafts]
        Response.objects.bulk_create(responses, batch_size=500)
        Answer.objects.bulk_create([a for r, d in zip(responses, drafts, strict=True) for a in _answers(r, d)], 2000)
        changes: list[Change] = [
            r.to_change(Action.SURVEY_RESPONSE_RECORDED, before.get(r.external_id), snapshot(r, len(d.answers)))
            for r, d in zip(responses, drafts, strict=True)
        ]
        record_many(actor, changes)
        saved = Saved(
            created=len(drafts) - len(old),
            replaced=len(old),
            flagged=sum(1 for d in drafts if d.flags),
            unit_ids={d.unit_id for d in drafts},
        )
        record(
            actor,
            survey.to_change(
                Action.SURVEY_RESPONSES_IMPORTED,
                None,
                {
                    "file": filename,
                    "responses": len(drafts),
                    "created": saved.created,
                    "replaced": saved.replaced,
                    "flagged": saved.flagged,
                    "units": len(saved.unit_ids),
                },
            ),
        )
    return saved


def rescore(survey_codes: Iterable[str], actor: Actor, reason: str, unit_ids: Iterable[int] | None = None) -> int:
    """Bring the ``survey:`` leaves of open campaigns up to date after responses changed (only ``unit_ids``' when
    given); returns how many scores changed."""
    return score_survey_leaves(actor, reason, codes=list(survey_codes), unit_ids=unit_ids)
