"""The demo's sociological survey: the sample SIPAS questionnaire run for this year's commune campaign.

Everything goes through the same services as real field work: the questionnaire is loaded from the shipped XLSForm
(``parindex load-survey``), each commune's respondents are drawn from the dossiers it resolved this year (quotas by
channel, seeded by the year so a reload draws the same people), and responses come in all three ways — some drawn
respondents answer on the web form with their one-time link, Home Affairs types a batch of paper forms for each
commune, and a KoboToolbox export shipped with the demo (``data/sipas-kobo.csv``) is imported. The campaign's
``survey:sipas-mau:<component>`` leaves (area 8.1 of the sample commune criteria set) then take their points.

Two communes are behind with their field work (few forms): they stay under the minimum sample, flagged and not
scored from the survey, as the field dashboard shows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.surveys import imports
from parindex.surveys.loader import install_survey, read_survey_file
from parindex.surveys.models import Question, Respondent, Survey
from parindex.surveys.responses import record_typed_response, record_web_response
from parindex.surveys.sampling import draw_sample
from parindex.surveys.services import score_survey_leaves

SAMPLES = Path(__file__).resolve().parent.parent / "surveys" / "samples"
SIPAS = SAMPLES / "sipas-mau.xlsx"
KOBO_EXPORT = Path(__file__).resolve().parent / "data" / "sipas-kobo.csv"
SURVEY_CODE = "sipas-mau"
# How satisfied each commune's people are (0..1); it shapes every answer generated for the commune, here and in the
# shipped Kobo export (generated once with the same profiles).
SATISFACTION = {
    "X-TTTG": 0.86,
    "X-ANBINH": 0.78,
    "X-DONGHOA": 0.7,
    "X-TANLAP": 0.62,
    "X-PHUTHINH": 0.9,
    "X-NGHIAHUNG": 0.74,
    "X-HONGPHONG": 0.8,
    "X-QUANGLANG": 0.68,
    "X-XUANTRUC": 0.84,
    "X-LIENHA": 0.58,
    "X-DAIDONG": 0.76,
    "X-MINHKHAI": 0.72,
    "X-VINHPHUC": 0.82,
    "X-TIENPHONG": 0.66,
    "X-THOVINH": 0.7,
    "X-HOANGLONG": 0.6,
    "X-YENPHU": 0.64,
}
# Communes whose field work is behind: few forms, under the minimum sample of 30.
BEHIND = {"X-HOANGLONG", "X-YENPHU"}
# Responses per commune in the shipped Kobo export (22 unless listed).
IMPORTED = {"X-HOANGLONG": 6, "X-YENPHU": 7}
LEVELS = ("5", "4", "2", "1")  # Rất hài lòng … Rất không hài lòng (choice names of the sample)
DONT_KNOW = "0"
COMMENTS = ["", "", "", "Nên bố trí thêm ghế ngồi chờ", "Công chức hướng dẫn tận tình", "Cần rút ngắn thời gian chờ"]


def answer_for(
    rng: random.Random, component: str | None, satisfaction: float, choices: Sequence[str], straight: bool = False
) -> str:
    """One answer of a person of a commune with ``satisfaction``: a level of the scale (or "không biết", more often
    about complaints few people ever made), or any choice of an unscored question."""
    if not component:
        return rng.choice(list(choices))
    if straight:
        return LEVELS[0]
    if rng.random() < (0.2 if component == "phan_anh" else 0.04):
        return DONT_KNOW
    weights = [satisfaction**2, 2 * satisfaction * (1 - satisfaction) + 0.15, (1 - satisfaction) * 0.7, 0.03]
    return rng.choices(LEVELS, weights=weights)[0]


def _answers(
    rng: random.Random, questions: Sequence[Question], lists: dict[str, list[str]], level: float
) -> dict[str, str]:
    """A whole form: every choice question answered (now and then the same answer throughout), and a comment."""
    straight = rng.random() < 0.05
    values = {
        q.name: answer_for(rng, q.component.code if q.component else None, level, lists[q.list_name], straight)
        for q in questions
        if q.type == "select_one"
    }
    values["gop_y"] = rng.choice(COMMENTS)
    return values


def load_survey(people: dict[str, Actor]) -> None:
    """Load the sample SIPAS questionnaire, draw this year's respondents of every commune and record responses in
    the three ways (safe to run again: once the survey has responses nothing is done)."""
    if Survey.objects.filter(code=SURVEY_CODE, responses__isnull=False).exists():
        return
    rng = random.Random("survey-demo")  # its own draws: the other demo data stay as they were
    home_affairs = people["noivu"]
    spec, data = read_survey_file(SIPAS)
    survey = install_survey(spec, home_affairs, data, SIPAS.name).survey
    communes = list(Unit.objects.filter(group__code="xa", is_active=True).order_by("code"))
    now = timezone.now()
    year = timezone.localtime(now).year
    draw_sample(survey, communes, home_affairs, period=str(year), seed=str(year), quota_by="channel")
    questions = list(survey.questions.select_related("component").order_by("order"))
    lists: dict[str, list[str]] = {}
    for list_name, name in survey.choices.order_by("list_name", "order").values_list("list_name", "name"):
        lists.setdefault(list_name, []).append(name)
    for unit in communes:
        level = SATISFACTION.get(unit.code, 0.75)
        behind = unit.code in BEHIND
        drawn = list(Respondent.objects.filter(survey=survey, unit=unit).order_by("pk"))
        for respondent in drawn[: 3 if behind else rng.randint(6, 10)]:
            # Most take a few minutes; now and then someone clicks through in seconds (flagged "too fast").
            seconds = rng.randint(15, 40) if rng.random() < 0.08 else rng.randint(180, 900)
            answered = now - timedelta(hours=rng.randint(1, 240))
            record_web_response(
                respondent, _answers(rng, questions, lists, level), answered - timedelta(seconds=seconds), answered
            )
        for number in range(1, (3 if behind else rng.randint(8, 12)) + 1):
            record_typed_response(
                survey,
                unit,
                _answers(rng, questions, lists, level),
                home_affairs,
                form_number=f"{unit.code}-P{number:03d}",
            )
    imports.import_file(survey, KOBO_EXPORT, home_affairs, filename=KOBO_EXPORT.name)
    score_survey_leaves(home_affairs, "Dữ liệu mẫu: điểm từ khảo sát sự hài lòng (SIPAS)", codes=[SURVEY_CODE])
