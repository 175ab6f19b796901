"""Test helpers for the field work (sampling, dashboard, results pages): a small survey built directly, a year of
one-stop dossiers for the district's communes, and responses saved without going through the collection pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

from django.utils import timezone

from parindex.audit.services import Actor
from parindex.indicators.services import import_file
from parindex.org.models import Unit
from parindex.surveys.models import Answer, Choice, Component, Question, Respondent, Response, Survey

ACTOR = Actor.command_line("tests")
SCALE = [("rat_hai_long", "Rất hài lòng", D(100)), ("hai_long", "Hài lòng", D(60)), ("khong", "Không hài lòng", D(0))]
DONT_KNOW = ("khong_biet", "Không biết", None)


def make_survey(code: str = "sipas-test", min_sample: int = 3, version: str = "1") -> Survey:
    """Two components (access: q1, q2 with weight 2; result: q3), a 100/60/0 scale with "Không biết" unscored."""
    survey = Survey.objects.create(
        code=code,
        version=version,
        title="Khảo sát sự hài lòng (thử)",
        min_sample=min_sample,
        digest="t",
        content={},
        workbook=b"",
    )
    access = Component.objects.create(survey=survey, code="tiep_can", name="Tiếp cận dịch vụ", order=1)
    result = Component.objects.create(survey=survey, code="ket_qua", name="Kết quả giải quyết", order=2)
    for order, (name, label, component, weight) in enumerate(
        [
            ("q1", "Nơi tiếp nhận hồ sơ thuận tiện", access, D(1)),
            ("q2", "Thông tin hướng dẫn đầy đủ", access, D(2)),
            ("q3", "Nhận kết quả đúng hẹn", result, D(1)),
        ],
        start=1,
    ):
        Question.objects.create(
            survey=survey,
            component=component,
            name=name,
            label=label,
            type="select_one",
            list_name="muc_do",
            weight=weight,
            order=order,
        )
    Question.objects.create(survey=survey, name="gop_y", label="Góp ý khác", type="text", order=9)
    for order, (name, label, score) in enumerate([*SCALE, DONT_KNOW], start=1):
        Choice.objects.create(survey=survey, list_name="muc_do", name=name, label=label, score=score, order=order)
    return survey


def answer(
    survey: Survey,
    unit: Unit,
    choices: Sequence[str],
    channel: str = Response.Channel.ENTRY,
    flags: Sequence[str] = (),
    respondent: Respondent | None = None,
    external_id: str = "",
) -> Response:
    """A response answering q1, q2, q3 with these choice names (in order)."""
    response = Response.objects.create(
        survey=survey,
        unit=unit,
        channel=channel,
        flags=list(flags),
        respondent=respondent,
        external_id=external_id,
        submitted_at=timezone.now() - timedelta(hours=1),
    )
    questions = {q.name: q for q in survey.questions.all()}
    options = {c.name: c for c in survey.choices.all()}
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[f"q{i}"], choice=options[name], value=name)
        for i, name in enumerate(choices, start=1)
    )
    return response


CHANNELS = ["direct", "direct", "online_partial", "online_full", "postal"]
PROCEDURES = ["Chứng thực bản sao", "Đăng ký khai sinh", "Cấp giấy phép xây dựng"]


def dossiers_csv(counts: dict[str, int], year: int = 2021) -> str:
    """``counts[unit]`` dossiers resolved in ``year`` per unit (channels and procedures in turn), plus for each unit
    one dossier not resolved yet and one resolved the year before, which no draw of ``year`` may count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "dossier_id",
            "unit",
            "procedure",
            "received_at",
            "due_at",
            "returned_at",
            "submission",
            "return_by",
            "recorded",
            "apology",
        ]
    )
    for unit, count in counts.items():
        for i in range(count):
            month = i % 12 + 1
            writer.writerow(
                [
                    f"{unit}-{year}-{i:04d}",
                    unit,
                    PROCEDURES[i % 3],
                    f"{year}-{month:02d}-02 08:00",
                    f"{year}-{month:02d}-10 17:00",
                    f"{year}-{month:02d}-05 10:00",
                    CHANNELS[i % 5],
                    "direct",
                    1,
                    0,
                ]
            )
        writer.writerow(
            [
                f"{unit}-{year}-open",
                unit,
                PROCEDURES[0],
                f"{year}-12-20 08:00",
                f"{year + 1}-01-10 17:00",
                "",
                "direct",
                "",
                1,
                0,
            ]
        )
        writer.writerow(
            [
                f"{unit}-{year - 1}-old",
                unit,
                PROCEDURES[0],
                f"{year - 1}-06-01 08:00",
                f"{year - 1}-06-05 17:00",
                f"{year - 1}-06-04 08:00",
                "direct",
                "direct",
                1,
                0,
            ]
        )
    return out.getvalue()


def import_dossiers(folder: Path, counts: dict[str, int], year: int = 2021) -> None:
    path = folder / "ho-so.csv"
    path.write_text(dossiers_csv(counts, year), encoding="utf-8")
    import_file("dossiers", path, ACTOR)
