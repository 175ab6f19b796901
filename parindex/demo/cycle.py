"""The demo's running campaign: this year's commune assessment, caught mid-cycle so every role has work to do.

The self-assessment window is open (it closes at 17:00 five days after loading). Units stand at every step:
some not started, some self-assessing (among them Xã An Bình, whose officer and head are demo users), some submitted,
one being appraised, one asked for an explanation, one appraised, one granted a deadline exception. Everything is
done through the same services as the pages, so the audit log and each leaf's history are real.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from parindex.assessments import appraisal, lifecycle, workflow
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Score
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.services import Stage, import_scores, open_campaign
from parindex.audit.services import Actor
from parindex.dbbulk import update_many
from parindex.demo.evidence import attach_demo_evidence
from parindex.frameworks.models import Criterion
from parindex.scoring.numbers import plain, quantize_points
from parindex.scoring.rules import Bands, Choice, Deduction, PerItem, Proportional, Ratio

CURRENT_CODE = "cchc-xa-nam-nay"
# The district committee runs every demo campaign (campaign-wide rights are decided on it).
COMMITTEE = "H-TG"
# Who the demo's own changes are by, as each history shows it (a command run, not a person).
DEMO_ACTOR = "Dữ liệu mẫu"
NOT_STARTED = {"X-HOANGLONG", "X-YENPHU", "X-TIENPHONG"}
SELF_ASSESSING = {"X-ANBINH": 0.5, "X-THOVINH": 0.7, "X-VINHPHUC": 0.9}
APPRAISING = "X-DONGHOA"
EXPLANATION = "X-TANLAP"
APPRAISED = "X-PHUTHINH"
EXCEPTION = "X-MINHKHAI"


def _at_17(day: datetime) -> datetime:
    return timezone.localtime(day).replace(hour=17, minute=0, second=0, microsecond=0)


def demo_value(leaf: Criterion, rng: random.Random, strength: int) -> tuple[Decimal | None, Decimal]:
    """(what the unit types, points) for one leaf: an option number, a percentage, a count, or points."""
    rule = leaf.rule_object
    maximum = leaf.max_points or Decimal(0)
    if leaf.kind != "normal":
        return None, Decimal("0.00")
    if isinstance(rule, Ratio):
        value = Decimal(max(0, min(100, strength + rng.randint(-12, 8))))
        return value, rule.points(value, maximum)
    if isinstance(rule, PerItem):
        share = Decimal(max(0, min(100, strength + rng.randint(-10, 10))))
        count = (maximum * share / 100) // rule.per
        return count, rule.points(count, maximum)
    if isinstance(rule, Choice):
        value = Decimal(1 if rng.random() * 100 < strength + 10 else rng.randint(2, len(rule.options)))
    elif isinstance(rule, Bands | Proportional):
        value = Decimal(max(0, min(100, strength + rng.randint(-12, 8))))
    elif isinstance(rule, Deduction):
        value = Decimal(rng.choice([0, 0, 1]) if strength > 85 else rng.choice([0, 1, 2]))
    else:
        share = Decimal(max(0, min(100, strength + rng.randint(-10, 10))))
        points = maximum * share / 100
        step = getattr(rule, "step", None)
        return None, quantize_points((points // step) * step if step else points)
    assert rule is not None
    return value, rule.points(value, maximum)


def demo_counts(unit_id: int, leaf_id: int, rate: Decimal) -> dict[str, str]:
    """Two counts whose ratio is about the drawn rate (a plausible number of cases, fixed by unit and leaf: no draw, so
    the demo's other figures stay as they were); the points are then those of the counts, as the sheet computes them."""
    denominator = 40 + (unit_id * 7 + leaf_id * 13) % 160
    numerator = min(denominator, int(rate * denominator / 100))
    return {"numerator": str(numerator), "denominator": str(denominator)}


def load_current_campaign(framework_code: str, work: Path, rng: random.Random, people: dict[str, Actor]) -> None:
    if Campaign.objects.filter(code=CURRENT_CODE).exists():
        return
    system = Actor.command_line(DEMO_ACTOR)
    now = timezone.now()
    year = timezone.localtime(now).year
    campaign = open_campaign(
        CURRENT_CODE,
        framework_code,
        "xa",
        system,
        year=year,
        name=f"Chỉ số CCHC năm {year} UBND các xã, thị trấn",
        owner_code=COMMITTEE,
    )
    lifecycle.save_settings(
        campaign,
        {
            "self_opens_at": _at_17(now - timedelta(days=10)).replace(hour=7, minute=30),
            "self_closes_at": _at_17(now + timedelta(days=5)),
            "round1_ends_at": _at_17(now + timedelta(days=15)),
            "explanation_closes_at": _at_17(now + timedelta(days=22)),
            "round2_ends_at": _at_17(now + timedelta(days=30)),
            "publish_on": timezone.localtime(now + timedelta(days=40)).date(),
            "late_deduction": Decimal(1),
            "unrank_if_not_submitted": True,
        },
        people["noivu"],
    )
    for unit in campaign.units():
        AppraiserAssignment.objects.create(campaign=campaign, user=people["thamdinh"].user, unit=unit)
    _self_scores(campaign, work, rng)
    _evidence(campaign, people)
    _move_units(campaign, people)


def _self_scores(campaign: Campaign, work: Path, rng: random.Random) -> None:
    """Every started unit's self scores, loaded as one import, with the typed values kept beside them."""
    leaves = workflow.self_leaves(campaign)
    values: dict[tuple[int, int], Decimal] = {}
    inputs: dict[tuple[int, int], dict[str, str]] = {}
    path = work / f"{campaign.code}-self.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["unit", "criterion", "score"])
        for unit in campaign.units().order_by("code"):
            if unit.code in NOT_STARTED:
                continue
            share = SELF_ASSESSING.get(unit.code, 1.0)
            strength = rng.randint(70, 96)
            for leaf in leaves:
                if rng.random() > share:
                    continue
                if leaf.not_applicable_allowed and rng.random() < 0.08:
                    writer.writerow([unit.code, leaf.code, "KAD"])
                    continue
                value, points = demo_value(leaf, rng, strength)
                rule = leaf.rule_object
                if isinstance(rule, Ratio) and value is not None:
                    counts = demo_counts(unit.pk, leaf.pk, value)
                    amounts = {name: Decimal(count) for name, count in counts.items()}
                    inputs[(unit.pk, leaf.pk)] = counts
                    value = (rule.value_of(amounts) or Decimal(0)).quantize(Decimal("0.0001"))
                    points = rule.points(rule.value_of(amounts) or Decimal(0), leaf.max_points or Decimal(0))
                writer.writerow([unit.code, leaf.code, plain(points)])
                if value is not None:
                    values[(unit.pk, leaf.pk)] = value
    import_scores(campaign, path, Stage.SELF, Actor.command_line(DEMO_ACTOR), reason="Dữ liệu mẫu: đơn vị tự chấm")
    scores = list(Score.objects.filter(campaign=campaign).only("pk", "unit_id", "criterion_id"))
    for score in scores:
        score.self_value = values.get((score.unit_id, score.criterion_id))
        score.self_inputs = inputs.get((score.unit_id, score.criterion_id))
    update_many(Score, ["self_value"], [s for s in scores if s.self_value is not None])
    Score.objects.bulk_update([s for s in scores if s.self_inputs is not None], ["self_inputs"], batch_size=500)
    started = campaign.units().exclude(code__in=NOT_STARTED).values_list("id", flat=True)
    Assessment.objects.filter(campaign=campaign, unit_id__in=list(started)).update(state=Assessment.State.IN_PROGRESS)


def _evidence(campaign: Campaign, people: dict[str, Actor]) -> None:
    """Files on the items each started unit scored, uploaded before it submits: a submitted unit's file is complete,
    a unit still self-assessing has attached about half of its files so far."""
    rng = random.Random(f"evidence-{campaign.code}")  # its own draws: the other demo data stay as they were
    leaves = workflow.file_leaves(campaign)  # the council's items are scored on the files the unit attaches
    for unit in campaign.units().exclude(code__in=NOT_STARTED).order_by("code"):
        officer = people["canbo.anbinh"]
        if unit.code != "X-ANBINH":
            officer = Actor.command_line(f"Công chức {unit.name} (dữ liệu mẫu)")
        share = 0.6 if unit.code in SELF_ASSESSING else 1.0
        attach_demo_evidence(campaign, unit, leaves, officer, rng, share)


def _lower_input(leaf: Criterion, claimed: Decimal) -> str:
    """What an appraiser who found less than the unit claimed enters, in the form the leaf's rule takes."""
    rule = leaf.rule_object
    if isinstance(rule, Choice):
        lower = [number for number, option in enumerate(rule.options, start=1) if option.points < claimed]
        return str(lower[0] if lower else len(rule.options))
    if isinstance(rule, Deduction):
        return str(int((leaf.max_points or Decimal(0)) / rule.per) + 1)
    return "0"


def _move_units(campaign: Campaign, people: dict[str, Actor]) -> None:
    head, appraiser = Actor.command_line("Chủ tịch UBND xã (dữ liệu mẫu)"), people["thamdinh"]
    units = {u.code: u for u in campaign.units()}
    for code in sorted(units):
        if code in NOT_STARTED or code in SELF_ASSESSING or code == EXCEPTION:
            continue
        workflow.submit(campaign, units[code], head, confirm_missing=True)
    leaves = workflow.self_leaves(campaign)
    first, second = leaves[0], leaves[3]
    for code in (APPRAISING, EXPLANATION, APPRAISED):
        score = Score.objects.filter(campaign=campaign, unit=units[code], criterion=first).first()
        claimed = score.self_score if score and score.self_score is not None else Decimal(0)
        appraisal.appraise(
            campaign,
            units[code],
            first,
            _lower_input(first, claimed),
            False,
            "Thiếu tài liệu kiểm chứng kèm theo",
            appraiser,
        )
    appraisal.ask(
        campaign,
        units[EXPLANATION],
        second,
        "Đề nghị xã cung cấp văn bản chứng minh (số, ngày ban hành) cho nội dung tự chấm.",
        appraiser,
    )
    council_leaves = [c for c in scoring_setup(campaign).criteria if c.is_leaf and c.source == "council"]
    for code in (EXPLANATION, APPRAISED):
        for leaf in council_leaves:  # the council alone scores these: the unit has no self score to accept
            appraisal.appraise(
                campaign, units[code], leaf, "2", False, "Hội đồng đánh giá: sáng kiến mới triển khai tại xã", appraiser
            )
        appraisal.accept_self_scores(campaign, units[code], appraiser)
        appraisal.close_round1(campaign, units[code], appraiser, confirm=True)
    appraisal.grant_exception(
        campaign,
        units[EXCEPTION],
        _at_17(timezone.now() + timedelta(days=8)),
        "Công văn số 215/UBND-NV: xã bị ảnh hưởng bão, cho phép nộp chậm 3 ngày",
        people["noivu"],
    )
