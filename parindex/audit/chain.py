"""The audit log as a hash chain: each entry's ``hash`` is the SHA-256 of its content and of the entry before it.

The hashed text is one JSON array, written compactly (no spaces, keys sorted, non-ASCII kept)::

    [seq, at, actor_id, actor_name, action, object_type, object_id, object_repr,
     campaign_id, unit_id, criterion_id, reason, prev_hash, before, after]

``at`` is the time in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; ``before`` and ``after`` are the JSON as stored (read
back and re-encoded the same way). ``seq`` numbers the entries 1, 2, 3, … with no gap; the first entry's
``prev_hash`` is empty. Rewriting any field of an entry changes its hash; deleting an entry leaves a gap in ``seq``
and breaks the next entry's ``prev_hash``; rewriting a hash breaks the next entry's link.

Appends are serialised on the :class:`~parindex.audit.models.ChainHead` row (see :func:`_append`): a conditional
UPDATE from the end this connection wrote last, or, when that end has moved, an upsert that locks and returns the
current end (so an emptied table heals itself) and an UPDATE. On SQLite a writing transaction already holds the
database's write lock (``transaction_mode`` IMMEDIATE).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from parindex.audit.models import AuditEntry, ChainHead

_compact = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_plain = json.JSONEncoder().encode  # as the JSON field stores a value (its default encoder)
_loads = json.loads
_string = json.encoder.encode_basestring  # a JSON string, non-ASCII kept: what _compact writes for a str
_sha256 = hashlib.sha256


def time_text(at: datetime) -> str:
    """``at`` in UTC, to the microsecond, as hashed."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def raw_time_text(raw: Any) -> str:
    """:func:`time_text` of a time column as a cursor gives it: an aware datetime (PostgreSQL) or SQLite's text in
    UTC (``YYYY-MM-DD HH:MM:SS[.ffffff]``), turned by slicing, not parsing: the verification reads a million."""
    if isinstance(raw, datetime):
        return time_text(raw if raw.tzinfo is not None else raw.replace(tzinfo=UTC))
    text = str(raw)
    if len(text) == 26 and text[10] == " ":
        return f"{text[:10]}T{text[11:]}Z"
    if len(text) == 19 and text[10] == " ":
        return f"{text[:10]}T{text[11:]}.000000Z"
    parsed = parse_datetime(text)
    if parsed is None:
        raise ValueError(f"not a time: {text!r}")
    return raw_time_text(parsed)


def stored_json(value: Any) -> str:
    """The canonical text of a JSON value as the database will give it back (tuples become lists, keys strings)."""
    return _compact(_loads(_plain(value)))


def read_json(stored: Any) -> str:
    """The canonical text of a JSON column as read (text on every backend Django uses; None for SQL NULL)."""
    if stored is None:
        return "null"
    return _compact(_loads(stored) if isinstance(stored, str | bytes) else stored)


def _number(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


def hashed_text(scalars: Sequence[Any], before: str, after: str) -> str:
    """The text hashed for one entry: exactly ``_compact([*scalars, before, after])``, written out by hand (a JSON
    encoder object per entry would cost more than the hash). ``scalars`` are the array's first 13 items (up to
    ``prev_hash``, ``at`` already as :func:`time_text`), ``before`` and ``after`` their canonical JSON text."""
    seq, at, actor, name, action, otype, oid, orepr, campaign, unit, leaf, reason, prev = scalars
    return (
        f"[{int(seq)},{_string(at)},{_number(actor)},{_text(name)},{_text(action)},{_text(otype)},{_text(oid)},"
        f"{_text(orepr)},{_number(campaign)},{_number(unit)},{_number(leaf)},{_text(reason)},{_text(prev)},"
        f"{before},{after}]"
    )


def entry_hash(scalars: Sequence[Any], before: str, after: str) -> str:
    """The hash of one entry (see :func:`hashed_text`)."""
    return _sha256(hashed_text(scalars, before, after).encode()).hexdigest()


def _head_table() -> str:
    return connection.ops.quote_name(ChainHead._meta.db_table)


def take_head() -> tuple[int, str]:
    """Lock the chain's end for this transaction and return it (``(0, "")`` for an empty log).

    One statement: an upsert of the single row, which waits for any other transaction appending and then returns
    the end it left. Call only inside a transaction."""
    table = _head_table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, seq, hash) VALUES (1, 0, '') "  # noqa: S608
            f"ON CONFLICT (id) DO UPDATE SET seq = {table}.seq RETURNING seq, hash"
        )
        seq, last = cursor.fetchone()
    if seq == 0:
        # A new or emptied head row (e.g. after a restore of the entries alone): go on from the last entry.
        tail = AuditEntry.objects.order_by("-id").values_list("seq", "hash").first()
        if tail is not None:
            seq, last = tail
    # This transaction now holds the head: its next append links to this end and moves the head with one
    # conditional UPDATE, which cannot miss (see _append).
    setattr(connection, _CACHED, (int(seq), str(last)))
    return int(seq), str(last)


def move_head(seq: int, last: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_head_table()} SET seq = %s, hash = %s WHERE id = 1", [seq, last])  # noqa: S608


_CACHED = "_parindex_audit_head"  # on the connection object: the end this connection last wrote


def _append(link: Callable[[int, str], tuple[int, str]]) -> None:
    """Chain new entries after the head: ``link(seq, last)`` numbers and hashes them and returns the new end.

    Optimistic first: the end this connection wrote last is usually still the end (one worker saving, or a second
    audit write in the same transaction), so the entries are linked to it and the head moved by one conditional
    UPDATE, which waits for the head row's lock and succeeds only if the head is still exactly that end. Otherwise
    (another transaction appended, or a rollback undid our move) the head is taken and the entries linked again.
    So an append costs one statement, or three when someone else wrote in between."""
    cached: tuple[int, str] | None = getattr(connection, _CACHED, None)
    if cached is not None:
        seq, last = link(*cached)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_head_table()} SET seq = %s, hash = %s WHERE id = 1 AND seq = %s AND hash = %s",  # noqa: S608
                [seq, last, *cached],
            )
            moved = cursor.rowcount == 1
        if moved:
            setattr(connection, _CACHED, (seq, last))
            return
    seq, last = link(*take_head())
    move_head(seq, last)
    setattr(connection, _CACHED, (seq, last))


def head() -> tuple[int, str]:
    """The chain's end as last written (no lock): its length and its last hash (``(0, "")`` for an empty log)."""
    row = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if row is None or row[0] == 0:
        row = AuditEntry.objects.order_by("-id").values_list("seq", "hash").first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def seal(entries: Sequence[AuditEntry]) -> None:
    """Give unsaved entries their place, previous hash and hash, and move the head past them (in a transaction)."""
    if entries:
        _append(lambda seq, last: _link_entries(entries, seq, last))


def _link_entries(entries: Sequence[AuditEntry], seq: int, last: str) -> tuple[int, str]:
    for entry in entries:
        if entry.at is None:
            raise ValueError("an audit entry needs its time")
        seq += 1
        entry.seq, entry.prev_hash = seq, last
        scalars = (
            seq,
            time_text(entry.at),
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.object_type,
            str(entry.object_id),
            entry.object_repr,
            entry.campaign_id,
            entry.unit_id,
            entry.criterion_id,
            entry.reason,
            last,
        )
        entry.object_id = str(entry.object_id)
        last = entry.hash = entry_hash(scalars, stored_json(entry.before), stored_json(entry.after))
    return seq, last


def seal_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of :data:`parindex.audit.services.AUDIT_FIELDS` values, each extended with ``seq``, ``prev_hash`` and
    ``hash`` (the bulk writers' form of :func:`seal`); moves the head past them.

    :func:`hashed_text` is inlined and the texts of repeated values memoised: an import writes 350,000 entries, most
    with the same time, actor, action and reason, and shared payload objects."""
    if not rows:
        return rows
    sealed: list[tuple[Any, ...]] = []

    def link(seq: int, last: str) -> tuple[int, str]:
        sealed.clear()
        return _link_rows(rows, sealed, seq, last)

    _append(link)
    return sealed


def _link_rows(rows: list[tuple[Any, ...]], sealed: list[tuple[Any, ...]], seq: int, last: str) -> tuple[int, str]:
    payloads: dict[int, str] = {}  # by id(): bulk writers often share one payload object between entries
    texts: dict[Any, str] = {None: "null"}  # JSON text of the repeated scalars (times, names, actions, reasons)
    string, sha256 = _string, _sha256

    def as_text(value: Any) -> str:
        if isinstance(value, datetime):
            return texts.setdefault(value, string(time_text(value)))
        if isinstance(value, str):
            return texts.setdefault(value, string(value))
        return texts.setdefault(value, str(int(value)))  # ids repeat too (the campaign, a unit's many leaves)

    for row in rows:
        at, actor, name, action, otype, oid, orepr, campaign, unit, leaf, before, after, reason = row
        seq += 1
        b = payloads.get(id(before)) if before is not None else "null"
        if b is None:
            b = payloads[id(before)] = stored_json(before)
        a = payloads.get(id(after)) if after is not None else "null"
        if a is None:
            a = payloads[id(after)] = stored_json(after)
        t = texts
        digest = sha256(
            (
                f"[{seq},{t.get(at) or as_text(at)},{t.get(actor) or as_text(actor)},{t.get(name) or as_text(name)},"
                f"{t.get(action) or as_text(action)},{t.get(otype) or as_text(otype)},{string(oid)},{string(orepr)},"
                f"{t.get(campaign) or as_text(campaign)},{t.get(unit) or as_text(unit)},"
                f"{t.get(leaf) or as_text(leaf)},{t.get(reason) or as_text(reason)},{string(last)},{b},{a}]"
            ).encode()
        ).hexdigest()
        sealed.append((*row, seq, last, digest))
        last = digest
    return seq, last
