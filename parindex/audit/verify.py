"""Checking the audit log: the hash chain entry by entry (:func:`walk_chain`), and the scores and results against
the last values the log recorded for them (:func:`check_scores`, :func:`check_results`).

The chain is read in id order through a server-side cursor in chunks and hashed in one tight loop, so a million
entries take seconds. The checks of scores and results find their models through the app registry: the audit app
sits below the assessments app and imports nothing from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils.translation import gettext as _

from parindex.audit.chain import _compact, _loads, _number, _sha256, _text
from parindex.audit.grouped import LEAVES_TYPE, leaf_afters
from parindex.audit.models import Action, AuditEntry, ChainHead

CHAIN_COLUMNS = (
    "id",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "campaign_id",
    "unit_id",
    "criterion_id",
    "reason",
    "prev_hash",
    "before",
    "after",
    "hash",
)
CHUNK = 10_000
_MEMO_LIMIT = 50_000


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: the entry (as stored) and why."""

    entry_id: int | None
    seq: int | None
    at: str
    action: str
    object: str
    why: str

    def describe(self) -> str:
        if self.entry_id is None:
            return self.why
        return _("entry %(id)s (no. %(seq)s, %(at)s, %(action)s, %(object)s): %(why)s") % {
            "id": self.entry_id,
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "object": self.object,
            "why": self.why,
        }


@dataclass
class ChainReport:
    entries: int = 0
    last_seq: int = 0
    last_hash: str = ""
    broken: Break | None = None
    head_found_at: int | None = None  # the seq of the entry whose hash is the --head asked about

    @property
    def intact(self) -> bool:
        return self.broken is None


def _rows(chunk: int) -> Iterator[tuple[Any, ...]]:
    """Every entry in id order, its time already as :func:`parindex.audit.chain.time_text` (written by the database:
    parsing a million times in Python would cost more than hashing them)."""
    quote = connection.ops.quote_name
    table = quote(AuditEntry._meta.db_table)
    if connection.vendor == "postgresql":
        at = """to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
    else:  # SQLite keeps UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]"
        at = """replace("at", ' ', 'T') || CASE WHEN length("at") = 19 THEN '.000000Z' ELSE 'Z' END"""
    columns = ", ".join(at if c == "at" else quote(c) for c in CHAIN_COLUMNS)
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                return
            yield from rows


def _break(row: tuple[Any, ...], why: str) -> Break:
    pk, seq, at, _actor, _name, action, otype, oid, orepr = row[:9]
    return Break(pk, seq, at, action, f"{otype} {oid} «{orepr}»", why)


def walk_chain(head: str = "", chunk: int = CHUNK) -> ChainReport:
    """Walk the whole chain; stop at the first entry that does not hold (``report.broken``). With ``head``, also
    say where that hash is in the chain (``report.head_found_at``), if it is met before any break."""
    report = ChainReport()
    texts: dict[Any, str] = {}
    compact, loads, sha256, number, text = _compact, _loads, _sha256, _number, _text
    expected_seq, last = 1, ""
    previous: tuple[Any, ...] | None = None
    for row in _rows(chunk):
        _id, seq, at, actor, name, action, otype, oid, orepr, campaign, unit, leaf, reason, prev, before, after, h = row
        # canonical JSON of the stored text; logs repeat the same small payloads, so it is memoised
        b = texts.get(before)
        if b is None:
            b = "null" if before is None else compact(loads(before) if isinstance(before, str) else before)
            if len(texts) > _MEMO_LIMIT:
                texts.clear()
            if isinstance(before, str):
                texts[before] = b
        a = texts.get(after)
        if a is None:
            a = "null" if after is None else compact(loads(after) if isinstance(after, str) else after)
            if isinstance(after, str):
                texts[after] = a
        # chain.hashed_text, inlined: this loop runs a million times
        digest = sha256(
            f'[{seq},"{at}",{number(actor)},{text(name)},{text(action)},{text(otype)},{text(oid)},{text(orepr)},'
            f"{number(campaign)},{number(unit)},{number(leaf)},{text(reason)},{text(prev)},{b},{a}]".encode()
        ).hexdigest()
        if not h:
            report.broken = _break(row, _("not in the chain: written around the application (no hash)"))
            return report
        if seq != expected_seq:
            if seq > expected_seq:
                missing = str(expected_seq) if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
                why = _("entry missing: no. %(missing)s before this one was deleted") % {"missing": missing}
            else:
                why = _("out of place: no. %(seq)s after no. %(before)s") % {"seq": seq, "before": expected_seq - 1}
            report.broken = _break(row, why)
            return report
        if prev != last:
            if previous is not None:
                why = _("previous hash broken: the entry before it (id %(id)s) was rewritten") % {"id": previous[0]}
            else:
                why = _("previous hash broken: the first entry does not start the chain")
            report.broken = _break(row, why)
            return report
        if digest != h:
            report.broken = _break(row, _("content changed since it was written (its hash no longer matches)"))
            return report
        if head and h == head:
            report.head_found_at = seq
        expected_seq, last, previous = seq + 1, h, row
        report.entries += 1
    report.last_seq, report.last_hash = expected_seq - 1, last
    stored = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if stored is not None and stored[0] and stored[0] != report.last_seq:
        if stored[0] > report.last_seq:
            why = _("entry missing: the chain ends at no. %(last)s but %(head)s entries were written") % {
                "last": report.last_seq,
                "head": stored[0],
            }
        else:
            why = _("the chain's head records %(head)s entries but the log has %(last)s") % {
                "head": stored[0],
                "last": report.last_seq,
            }
        report.broken = Break(None, None, "", "", "", why)
    elif stored is not None and stored[0] and stored[1] != last:
        report.broken = Break(None, None, "", "", "", _("the last entry was rewritten (the chain's head differs)"))
    return report


@dataclass
class Disagreement:
    campaign: str
    unit: str
    leaf: str
    field: str
    stored: str
    audited: str

    def describe(self) -> str:
        return _(
            "%(campaign)s · %(unit)s · %(leaf)s · %(field)s: %(stored)s in the database, %(audited)s last audited"
        ) % {
            "campaign": self.campaign,
            "unit": self.unit,
            "leaf": self.leaf,
            "field": self.field,
            "stored": self.stored,
            "audited": self.audited,
        }


@dataclass
class Agreement:
    checked: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)
    count: int = 0
    limit: int = 20

    def add(self, item: Disagreement) -> None:
        self.count += 1
        if len(self.disagreements) < self.limit:
            self.disagreements.append(item)


def _show(value: Any) -> str:
    return "—" if value is None else str(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _names() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    campaigns = dict(apps.get_model("assessments", "Campaign").objects.values_list("id", "code"))
    units = dict(apps.get_model("org", "Unit").objects.values_list("id", "code"))
    leaves = dict(apps.get_model("frameworks", "Criterion").objects.values_list("id", "code"))
    return campaigns, units, leaves


def check_scores(limit: int = 20) -> Agreement:
    """Every score's self and appraised figures (score and not applicable; the declared value where the entry
    has one) against the last entry the log holds for that stage, and its final figure against the rule that
    derives it (the appraised figure once there is one, else the self score)."""
    result = Agreement(limit=limit)
    latest: dict[tuple[int | None, int | None, int | None, str], Any] = {}
    audited = (
        AuditEntry.objects.filter(action__in=[Action.SCORE_SELF, Action.SCORE_APPRAISED])
        .order_by("id")
        .values_list("campaign_id", "unit_id", "criterion_id", "action", "object_type", "after")
    )
    for campaign_id, unit_id, leaf_id, action, object_type, after in audited.iterator(chunk_size=CHUNK):
        if object_type == LEAVES_TYPE and leaf_id is None:
            # an import's entry for one unit: every leaf it changed (parindex.audit.grouped)
            for grouped_leaf, state in leaf_afters(after):
                latest[(campaign_id, unit_id, grouped_leaf, action)] = state
            continue
        latest[(campaign_id, unit_id, leaf_id, action)] = after
    campaigns, units, leaves = _names()
    score_model = apps.get_model("assessments", "Score")
    rows = score_model.objects.order_by("id").values_list(
        "campaign_id",
        "unit_id",
        "criterion_id",
        "self_score",
        "self_na",
        "self_value",
        "appraised_score",
        "appraised_na",
        "final_score",
        "final_na",
    )
    for row in rows.iterator(chunk_size=CHUNK):
        c, u, leaf, self_score, self_na, self_value, appraised, appraised_na, final, final_na = row
        result.checked += 1

        def differ(label: str, stored: Any, audited: Any, c: int = c, u: int = u, leaf: int = leaf) -> None:
            result.add(
                Disagreement(
                    campaigns.get(c, str(c)),
                    units.get(u, str(u)),
                    leaves.get(leaf, str(leaf)),
                    label,
                    _show(stored),
                    _show(audited),
                )
            )

        for action, stage, score, na, value in (
            (Action.SCORE_SELF, "self", self_score, self_na, self_value),
            (Action.SCORE_APPRAISED, "appraised", appraised, appraised_na, None),
        ):
            after = latest.get((c, u, leaf, action))
            if not isinstance(after, dict):
                after = {}
            if _decimal(after.get("score")) != score:
                differ(f"{stage}_score", score, after.get("score"))
            if bool(after.get("not_applicable", False)) != bool(na):
                differ(f"{stage}_na", na, after.get("not_applicable", False))
            # the figure behind a self score, where the log recorded one (the demo sets some without an entry)
            if stage == "self" and "value" in after and _decimal(after["value"]) != _decimal(value):
                differ("self_value", value, after.get("value"))
        expected = (appraised, appraised_na) if appraised is not None or appraised_na else (self_score, self_na)
        if (final, bool(final_na)) != (expected[0], bool(expected[1])):
            differ("final_score", final, expected[0])
    return result


RESULT_NUMBERS = ("points", "max_points", "index", "deduction")


def check_results(limit: int = 20) -> Agreement:
    """Every result (points, maximum, index, rank, band, deduction, unranked) against the log's last ``result``
    entry for it, with the ranks moved later by another unit's recompute (the ``ranking`` entries)."""
    agreement = Agreement(limit=limit)
    state: dict[tuple[int | None, int | None], dict[str, Any]] = {}
    audited = (
        AuditEntry.objects.filter(action=Action.RESULT_COMPUTED)
        .order_by("id")
        .values_list("object_type", "campaign_id", "unit_id", "after")
    )
    for otype, campaign_id, unit_id, after in audited.iterator(chunk_size=CHUNK):
        if not isinstance(after, dict):
            continue
        if otype == "ranking":
            for unit, rank in after.items():
                state.setdefault((campaign_id, int(unit)), {})["rank"] = rank
        else:
            state[(campaign_id, unit_id)] = dict(after)
    campaigns, units, _leaves = _names()
    result_model = apps.get_model("assessments", "Result")
    for result in result_model.objects.order_by("id").iterator(chunk_size=CHUNK):
        agreement.checked += 1
        stored = result.snapshot()
        last = state.get((result.campaign_id, result.unit_id), {})
        for key in ("points", "max_points", "index", "rank", "band", "deduction", "unranked"):
            have, had = stored.get(key), last.get(key)
            if key in RESULT_NUMBERS:
                same = _decimal(have) == _decimal(had)
            elif key == "unranked":
                same = bool(have) == bool(had)
            else:
                same = have == had
            if not same:
                agreement.add(
                    Disagreement(
                        campaigns.get(result.campaign_id, str(result.campaign_id)),
                        units.get(result.unit_id, str(result.unit_id)),
                        _("result"),
                        key,
                        _show(have),
                        _show(had),
                    )
                )
    return agreement
