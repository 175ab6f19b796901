"""A synthetic campaign for benchmarks: N units × M leaves with every rule type, built with bulk inserts."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from parindex.assessments.models import Campaign
from parindex.assessments.services import open_campaign
from parindex.audit.services import Actor
from parindex.frameworks.services import install_framework
from parindex.frameworks.spec import parse_framework
from parindex.org.models import Unit, UnitGroup

RULES: list[dict[str, Any]] = [
    {"type": "manual", "step": "0.25"},
    {"type": "choice", "options": [{"label": "Đúng hạn", "points": "1"}, {"label": "Chậm", "points": "0.5"}]},
    {
        "type": "bands",
        "thresholds": [{"min": "90", "points": "1"}, {"min": "70", "points": "0.5"}, {"min": "0", "points": "0"}],
    },
    {"type": "proportional", "target": "100"},
    {"type": "deduction", "per": "0.25"},
]


@dataclass(frozen=True)
class Synthetic:
    campaign: Campaign
    unit_ids: list[int]
    leaf_ids: list[int]


def framework_data(code: str, leaves: int, areas: int = 8) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    for a in range(1, areas + 1):
        children = []
        for i in range(a - 1, leaves, areas):
            children.append(
                {"code": f"{a}.{i + 1}", "name": f"Tiêu chí {i + 1}", "max": "1", "rule": RULES[i % len(RULES)]}
            )
        if children:
            nodes.append({"code": str(a), "name": f"Lĩnh vực {a}", "children": children})
    return {
        "code": code,
        "name": f"Bộ tiêu chí đo hiệu năng ({leaves} tiêu chí)",
        "year": 2021,
        "bands": [
            {"code": "A", "name": "Tốt", "min": "90"},
            {"code": "B", "name": "Khá", "min": "80"},
            {"code": "C", "name": "Trung bình", "min": "0"},
        ],
        "nodes": nodes,
    }


def build(prefix: str, units: int, leaves: int) -> Synthetic:
    """Create the group, units, criteria set and campaign (no scores: :func:`write_scores_csv` makes them)."""
    actor = Actor.command_line("bench")
    group = UnitGroup.objects.create(code=prefix, name=f"Nhóm đo hiệu năng {prefix}")
    root = Unit.objects.create(code=f"{prefix}-root", name="Đơn vị gốc (đo hiệu năng)")
    Unit.objects.bulk_create(
        [Unit(code=f"{prefix}-{i:05d}", name=f"Đơn vị {i}", parent=root, group=group, path="") for i in range(units)],
        batch_size=2000,
    )
    # Bulk inserts skip Unit.save(), so the materialised paths are set in one UPDATE.
    Unit.objects.filter(group=group).update(path=Concat(Value(root.path), Cast("id", CharField()), Value("/")))
    unit_ids = list(Unit.objects.filter(group=group).order_by("code").values_list("id", flat=True))
    framework = install_framework(parse_framework(framework_data(prefix, leaves)), actor).framework
    campaign = open_campaign(prefix, framework.code, group.code, actor)
    leaf_ids = list(framework.criteria.filter(is_leaf=True).order_by("position").values_list("id", flat=True))
    return Synthetic(campaign=campaign, unit_ids=unit_ids, leaf_ids=leaf_ids)


def write_scores_csv(data: Synthetic, path: Path, seed: int = 1) -> int:
    """A score file as an office would send it: every unit × leaf, about 10 % left out. Returns the row count."""
    rng = random.Random(seed)
    codes = dict(Unit.objects.filter(id__in=data.unit_ids).values_list("id", "code"))
    leaves = list(
        data.campaign.framework.criteria.filter(is_leaf=True).order_by("position").values_list("code", flat=True)
    )
    steps = ["0", "0.25", "0.5", "0.75", "1"]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("unit,criterion,score\n")
        for unit_id in data.unit_ids:
            for leaf in leaves:
                if rng.random() < 0.1:
                    continue
                out.write(f"{codes[unit_id]},{leaf},{rng.choice(steps)}\n")
                rows += 1
    return rows


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}
