"""Storing a validated questionnaire, with versions (``parindex load-survey``).

A survey is identified by its code (``settings.form_id``) and version (``settings.version``), as KoboToolbox and ODK
Central identify a deployed form. Loading:

- a new code, or a new version of a known code: stored as a new version, which becomes the survey's current one;
- the same code and version with the same content: nothing changes;
- the same code and version with other content: replaced in place while no response or respondent is recorded
  for that version (as a criteria set no campaign uses), refused otherwise: change ``settings.version``.

Responses stay with the version they were collected for; results and survey leaves read the current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.surveys.models import Choice, Component, Question, Survey
from parindex.surveys.xlsform import Problem, SurveyFormError, SurveySpec, read_xlsform

SAMPLES = Path(__file__).resolve().parent / "samples"


class Outcome(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
    NEW_VERSION = "new_version"


@dataclass(frozen=True)
class Installed:
    survey: Survey
    outcome: Outcome
    spec: SurveySpec


def read_survey_file(path: Path | str) -> tuple[SurveySpec, bytes]:
    """Read and validate an XLSForm file; raises :class:`SurveyFormError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError, OSError):
        raise SurveyFormError([Problem("", 0, _("cannot read the file %(path)s") % {"path": path})]) from None
    return read_xlsform(data), data


@transaction.atomic
def install_survey(spec: SurveySpec, actor: Actor, workbook: bytes = b"", filename: str = "") -> Installed:
    """Store a validated questionnaire (see the module's doc for versions) and audit it."""
    digest = spec.digest()
    same = Survey.objects.select_for_update().filter(code=spec.code, version=spec.version).first()
    if same is not None and same.digest == digest:
        return Installed(same, Outcome.UNCHANGED, spec)
    previous = Survey.objects.filter(code=spec.code).order_by("-loaded_at", "-pk").first()
    fields = {
        "title": spec.title,
        "is_sample": spec.sample,
        "min_sample": spec.min_sample,
        "margin": spec.margin,
        "digest": digest,
        "content": spec.to_data(),
        "workbook": workbook,
        "filename": filename[:255],
        "loaded_at": timezone.now(),
        "loaded_by": actor.user,
    }
    if same is not None:
        if same.responses.exists() or same.respondents.exists():
            version = same.version or "-"
            raise SurveyFormError(
                [
                    Problem(
                        "settings",
                        0,
                        _(
                            "version %(version)s of survey %(code)s already has respondents or responses and cannot "
                            "change: give the new content a new settings.version"
                        )
                        % {"version": version, "code": spec.code},
                    )
                ]
            )
        before: dict[str, object] | None = same.snapshot()
        for name, value in fields.items():
            setattr(same, name, value)
        same.save()
        same.components.all().delete()
        same.questions.all().delete()
        same.choices.all().delete()
        survey, outcome = same, Outcome.REPLACED
    else:
        before = None if previous is None else previous.snapshot()
        survey = Survey.objects.create(code=spec.code, version=spec.version, **fields)
        outcome = Outcome.CREATED if previous is None else Outcome.NEW_VERSION
    _create_parts(survey, spec)
    after = {**survey.snapshot(), "outcome": str(outcome), "file": filename}
    record(actor, survey.to_change(Action.SURVEY_LOADED, before, after))
    return Installed(survey, outcome, spec)


def _create_parts(survey: Survey, spec: SurveySpec) -> None:
    components = Component.objects.bulk_create(
        Component(survey=survey, code=c.code, name=c.name, weight=c.weight, order=i)
        for i, c in enumerate(spec.components, start=1)
    )
    by_code = {c.code: c for c in components}
    Question.objects.bulk_create(
        Question(
            survey=survey,
            component=by_code.get(q.component),
            name=q.name,
            label=q.label,
            hint=q.hint,
            type=q.type,
            list_name=q.list_name,
            required=q.required,
            weight=q.weight,
            order=i,
        )
        for i, q in enumerate(spec.questions, start=1)
    )
    Choice.objects.bulk_create(
        Choice(survey=survey, list_name=c.list_name, name=c.name, label=c.label, score=c.score, order=i)
        for i, c in enumerate(spec.choices, start=1)
    )


def load_survey_file(path: Path | str, actor: Actor) -> Installed:
    """Read, validate and store an XLSForm file (the command wraps it in a transaction for ``--dry-run``)."""
    spec, data = read_survey_file(path)
    return install_survey(spec, actor, data, Path(path).name)
