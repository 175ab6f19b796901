"""Audit entries that hold many leaves' changes at once: an import writes one entry per unit (not one per score).

Such an entry has ``object_type`` :data:`LEAVES_TYPE`, the score action of its stage (``score.self`` or
``score.appraised``), the campaign and the unit, no criterion, and as ``before`` / ``after`` one object keyed by
criterion id (as text), each leaf's state packed as ``[score, not applicable]`` (``[score, not applicable, value]``
where a self score has a declared value behind it): an import's entries hold 350,000 states, so the keys of
:func:`parindex.assessments.models.stage_snapshot` are not repeated in each::

    before: {"812": ["0.50", false]}
    after:  {"812": ["1.00", false], "813": [null, true]}

``after`` names every leaf the import changed (or whose explanation it changed); ``before`` names those of them that
had a score already, with the stage's state then (a leaf absent from ``before`` had none). A leaf's history and
``verify-audit`` read a leaf's change, as the usual ``{"score", "not_applicable"[, "value"]}`` snapshots, with
:func:`leaf_change` and :func:`leaf_afters`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LEAVES_TYPE = "score.leaves"


def pack(score: str | None, not_applicable: bool, value: str | None = None) -> list[Any]:
    """One leaf's state as a grouped entry holds it."""
    return [score, not_applicable] if value is None else [score, not_applicable, value]


def unpack(state: Any) -> Any:
    """A packed state as the snapshot a single-score entry holds (anything else as it is)."""
    if isinstance(state, list) and len(state) in (2, 3):
        snapshot = {"score": state[0], "not_applicable": bool(state[1])}
        if len(state) == 3:
            snapshot["value"] = state[2]
        return snapshot
    return state


def leaf_change(before: Any, after: Any, leaf_id: int) -> tuple[Any, Any] | None:
    """The (before, after) snapshots of leaf ``leaf_id`` in a grouped entry, or None when the entry does not change
    it (a leaf with no score before has None before)."""
    key = str(leaf_id)
    if not isinstance(after, dict) or key not in after:
        return None
    return (unpack(before.get(key)) if isinstance(before, dict) else None), unpack(after[key])


def leaf_afters(after: Any) -> Iterator[tuple[int, Any]]:
    """Every (leaf id, snapshot after) a grouped entry holds."""
    if isinstance(after, dict):
        for key, state in after.items():
            yield int(key), unpack(state)
