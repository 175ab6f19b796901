"""A small citizen-satisfaction questionnaire built row by row (no XLSForm needed), for the collection tests.

Two components: "tiep_can" (q1, q2) and "ket_qua" (q3, q4, q5); each scored question uses the list ``muc_do``
(1 rat_hai_long 100, 2 hai_long 60, 3 chua_hai_long 20, 4 khong_hai_long 0, 5 khong_biet not scored). ``kenh`` is an
unscored select_one (list ``kenh``: truc_tiep, truc_tuyen), ``tuoi`` an integer, ``gop_y`` a free text, ``loi_chao``
a note.
"""

from __future__ import annotations

from decimal import Decimal

from parindex.org.models import Unit
from parindex.surveys.models import Choice, Component, Question, Respondent, Survey

SCALE = [
    ("rat_hai_long", "Rất hài lòng", Decimal(100)),
    ("hai_long", "Hài lòng", Decimal(60)),
    ("chua_hai_long", "Chưa hài lòng", Decimal(20)),
    ("khong_hai_long", "Không hài lòng", Decimal(0)),
    ("khong_biet", "Không biết", None),
]
SCORED = ["q1", "q2", "q3", "q4", "q5"]


def make_survey(code: str = "sipas-test", version: str = "1") -> Survey:
    survey = Survey.objects.create(
        code=code,
        version=version,
        title="Khảo sát sự hài lòng của người dân (thử)",
        min_sample=3,
        digest=code + version,
        content={},
        workbook=b"",
    )
    access = Component.objects.create(survey=survey, code="tiep_can", name="Tiếp cận dịch vụ", order=1)
    result = Component.objects.create(survey=survey, code="ket_qua", name="Kết quả giải quyết", order=2)
    rows = [
        ("loi_chao", "note", "", None, "Xin cảm ơn ông/bà đã tham gia khảo sát."),
        ("kenh", "select_one", "kenh", None, "Ông/bà nộp hồ sơ bằng cách nào?"),
        ("q1", "select_one", "muc_do", access, "Nơi tiếp nhận hồ sơ dễ tìm"),
        ("q2", "select_one", "muc_do", access, "Thời gian chờ đợi hợp lý"),
        ("q3", "select_one", "muc_do", result, "Kết quả đúng hẹn"),
        ("q4", "select_one", "muc_do", result, "Kết quả đúng quy định"),
        ("q5", "select_one", "muc_do", result, "Thông tin kết quả đầy đủ"),
        ("tuoi", "integer", "", None, "Tuổi của ông/bà"),
        ("gop_y", "text", "", None, "Ý kiến góp ý khác"),
    ]
    for order, (name, kind, list_name, component, label) in enumerate(rows, start=1):
        Question.objects.create(
            survey=survey,
            component=component,
            name=name,
            label=label,
            type=kind,
            list_name=list_name,
            required=name in ("q1", "q3"),
            order=order,
        )
    order = 0
    for name, label, score in SCALE:
        order += 1
        Choice.objects.create(survey=survey, list_name="muc_do", name=name, label=label, score=score, order=order)
    for name, label in (("truc_tiep", "Trực tiếp"), ("truc_tuyen", "Trực tuyến")):
        order += 1
        Choice.objects.create(survey=survey, list_name="kenh", name=name, label=label, order=order)
    return survey


def make_respondent(survey: Survey, unit: Unit, **extra: object) -> Respondent:
    fields: dict[str, object] = {"name": "Nguyễn Văn Dân", "phone": "0912345678", "reference": "HS-2026-001"}
    fields.update(extra)
    return Respondent.objects.create(survey=survey, unit=unit, **fields)


def kobo_header(group: str = "grp_danh_gia/") -> list[str]:
    """The header of a KoboToolbox export of :func:`make_survey` (XML values and headers, group paths kept)."""
    return [
        "start",
        "end",
        "unit",
        "kenh",
        *[group + name for name in SCORED],
        "tuoi",
        "gop_y",
        "meta/instanceID",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_index",
    ]


def kobo_row(uuid: str, unit: str, answers: list[str], channel: str = "truc_tiep", index: int = 1) -> list[str]:
    return [
        "2026-11-10T09:00:00.000+07:00",
        "2026-11-10T09:06:30.000+07:00",
        unit,
        channel,
        *answers,
        "45",
        "Cán bộ tận tình",
        f"uuid:{uuid}",
        str(1000 + index),
        uuid,
        "2026-11-10T02:07:00",
        "",
        str(index),
    ]
