"""Two years of a small district for the leaders' pages: the 2021 commune campaign published, this year's campaign
(a new criteria set whose areas are renumbered) running, with results written directly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.services import open_campaign
from parindex.frameworks.services import install_framework, read_framework_file
from parindex.insights.models import AreaMapping
from parindex.org.models import Unit
from parindex.scoring.numbers import quantize_points
from parindex.tests.district import ACTOR

TESTDATA = Path(__file__).resolve().parent / "testdata"


def stored(areas: dict[str, tuple[str, str]]) -> dict[str, list[str | None]]:
    """{code: (points, max)} → the stored form {code: [points, max, index]}."""
    return {
        code: [p, m, str(quantize_points(Decimal(p) * 100 / Decimal(m))) if Decimal(m) else None]
        for code, (p, m) in areas.items()
    }


def put_result(
    campaign: Campaign, unit: Unit, index: str, rank: int | None, areas: dict[str, tuple[str, str]], band: str = ""
) -> Result:
    result, _created = Result.objects.update_or_create(
        campaign=campaign,
        unit=unit,
        defaults={"index": Decimal(index), "rank": rank, "areas": stored(areas), "band": band, "unranked": False},
    )
    return result


def submitted(campaign: Campaign, unit: Unit) -> None:
    state = {"state": Assessment.State.SUBMITTED, "submitted_at": campaign.created_at}
    Assessment.objects.update_or_create(campaign=campaign, unit=unit, defaults=state)


def build_history(case: Any) -> None:
    """On a DistrictTestCase: 2021 published (X-AN 80,00 rank 2, X-BINH 90,00 rank 1), this year's running campaign
    on the renumbered set: X-AN submitted (86,50), X-BINH still self-assessing (its draft is private)."""
    case.campaign.status = Campaign.Status.PUBLISHED
    case.campaign.save()
    put_result(case.campaign, case.commune, "80.00", 2, {"1": ("3", "4"), "2": ("5", "6")}, "B")
    put_result(case.campaign, case.other_commune, "90.00", 1, {"1": ("4", "4"), "2": ("5", "6")}, "A")
    install_framework(read_framework_file(TESTDATA / "mini-2026.yaml"), ACTOR)
    case.current = open_campaign(
        "c2026", "mini-2026", "xa", ACTOR, year=2026, name="Chỉ số CCHC 2026 cấp xã", owner_code=case.district.code
    )
    put_result(case.current, case.commune, "86.50", 1, {"I": ("2", "2"), "II": ("3", "4"), "III": ("3.5", "4")}, "B")
    put_result(case.current, case.other_commune, "50.00", 2, {"I": ("1", "2"), "II": ("2", "4"), "III": ("2", "4")})
    submitted(case.current, case.commune)
    for code, previous in (("I", "1"), ("II", "2"), ("III", "")):
        AreaMapping.objects.create(
            framework_code="mini-2026", area_code=code, previous_framework_code="mini", previous_area_code=previous
        )
