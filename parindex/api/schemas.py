"""What the API answers: the shapes of its JSON (the OpenAPI schema is made from them) and its error body.

Errors always have the same body, ``{"error": <stable code>, "detail": <text in the caller's language>,
"problems": [{"line": n, "message": text}]}``: systems test the code, people read the detail.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class Problem(Schema):
    line: int
    message: str


class ApiError(Schema):
    error: str
    detail: str
    problems: list[Problem] = []


class ErrorCode:
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    INVALID_REQUEST = "invalid_request"
    IMPORT_REJECTED = "import_rejected"
    CONFLICT = "conflict"
    TOO_MANY_REQUESTS = "too_many_requests"
    TOO_LARGE = "too_large"


# Every answer an operation may give besides its success: declared so the schema is complete (schemathesis checks it).
ERRORS: dict[int, Any] = {400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError, 429: ApiError}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ApiError, 413: ApiError}


class FrameworkRef(Schema):
    code: str
    version: int


class CampaignOut(Schema):
    code: str
    name: str
    year: int
    status: str
    group: str
    owner: str
    framework: FrameworkRef
    self_opens_at: datetime | None
    self_closes_at: datetime | None
    round1_ends_at: datetime | None
    explanation_closes_at: datetime | None
    round2_ends_at: datetime | None
    publish_on: date | None
    locked_at: datetime | None
    published_at: datetime | None


class AreaFigures(Schema):
    points: float | None
    max_points: float | None
    index: float | None


class RankingUnit(Schema):
    rank: int | None
    unit: str
    name: str
    points: float | None
    max_points: float | None
    index: float | None
    band: str
    band_name: str
    areas: dict[str, AreaFigures]
    standing: str
    hidden: bool


class RankingOut(Schema):
    campaign: str
    name: str
    year: int
    group: str
    framework: FrameworkRef
    provisional: bool
    units: list[RankingUnit]


class AreaResult(Schema):
    code: str
    name: str
    points: float | None
    max_points: float | None
    index: float | None


class ResultOut(Schema):
    campaign: str
    unit: str
    name: str
    provisional: bool
    hidden: bool
    standing: str
    rank: int | None
    ranked_total: int
    points: float | None
    max_points: float | None
    index: float | None
    band: str
    band_name: str
    missing: int | None
    areas: list[AreaResult]


class RatingUnit(Schema):
    unit: str
    name: str
    index: float | None
    level: str
    level_name: str
    reasons: list[str]
    standing: str
    hidden: bool


class RatingsOut(Schema):
    campaign: str
    rules: str | None
    provisional: bool
    units: list[RatingUnit]


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None
    group: str | None
    active: bool


class FigureOut(Schema):
    unit: str
    name: str
    period: str
    indicator: str
    numerator: int
    denominator: int
    value: float | None
    target: float | None
    status: str


class SurveyOut(Schema):
    code: str
    version: str
    title: str
    min_sample: int


class SurveyFigure(Schema):
    component: str
    name: str
    respondents: int
    value: float | None


class SurveyUnit(Schema):
    unit: str
    name: str
    responses: int
    respondents: int
    below_minimum: bool
    components: list[SurveyFigure]
    total: SurveyFigure


class SurveyResultsOut(Schema):
    survey: str
    version: str
    title: str
    min_sample: int
    units: list[SurveyUnit]


class ScoresImportedOut(Schema):
    created: int
    updated: int
    unchanged: int


class DossierIn(Schema):
    dossier_id: str
    unit: str
    received_at: str
    due_at: str
    returned_at: str = ""
    submission: str
    recorded: bool | str
    apology: bool | str
    procedure: str = ""
    return_by: str = ""


class DossiersIn(Schema):
    rows: list[DossierIn]
    name: str = ""


class LoginIn(Schema):
    user: str
    unit: str
    at: str


class LoginsIn(Schema):
    rows: list[LoginIn]
    name: str = ""


class PushedOut(Schema):
    kind: str
    rows: int
    replaced: int
    stored: int
    figures: int


class ImportOut(Schema):
    id: int
    kind: str
    file: str
    status: str
    progress: int
    rows: int
    replaced: int
    problems: list[Problem]
    created_at: datetime
    finished_at: datetime | None


class TaskIn(Schema):
    code: str
    document_number: str
    document_date: date
    signer: str = ""
    issuer: str
    content: str
    deadline: datetime
    lead: str
    coordinating: list[str] = []


class TaskPart(Schema):
    unit: str
    role: str
    status: str


class TaskOut(Schema):
    id: int
    code: str
    document_number: str
    document_date: date
    signer: str
    issuer: str
    content: str
    deadline: datetime
    units: list[TaskPart]
