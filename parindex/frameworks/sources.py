"""The sources a criteria set's items may read (``source: indicator:<code>``, ``source: survey:<code>``), checked when a
set is loaded so that a mistyped code is caught by the person typing it, not found later as an item that never scores.

The apps that feed items register the codes they know when they start (:meth:`AppConfig.ready`): this app never
imports them. A kind registered as ``required`` refuses an unknown code (the indicators are fixed in the code); one
that is not only warns (a survey may be loaded after the set that reads it).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from parindex.frameworks.spec import FrameworkSpec, NodeSpec, Problem


@dataclass(frozen=True)
class SourceKind:
    """What one app knows of the codes of its kind: ``known()`` gives them (read each time: surveys get loaded),
    ``required`` says whether an unknown code is refused or only warned about."""

    known: Callable[[], Collection[str]]
    required: bool


_kinds: dict[str, SourceKind] = {}


def register(kind: str, known: Callable[[], Collection[str]], *, required: bool) -> None:
    """Tell the loader which codes ``kind:<code>`` may name (``kind`` is ``"indicator"`` or ``"survey"``)."""
    _kinds[kind] = SourceKind(known, required)


@dataclass(frozen=True)
class SourceCheck:
    """Problems that refuse the set (an unknown indicator) and warnings that let it load (a survey not loaded yet)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def node_where(spec: FrameworkSpec, node: NodeSpec, ancestors: tuple[NodeSpec, ...]) -> str:
    """Where an item is, as the person who typed it looks for it: its level and printed code, and its area."""

    def level(depth: int) -> str:
        if depth < len(spec.levels) and str(spec.levels[depth]).strip():
            return str(spec.levels[depth]).strip()
        defaults = (_("Area"), _("Criterion"), _("Sub-criterion"))
        return defaults[min(depth, len(defaults) - 1)]

    where = _("%(level)s %(code)s") % {"level": level(len(ancestors)), "code": node.number}
    if ancestors:
        where = _("%(where)s, %(level)s %(area)s") % {
            "where": where,
            "level": level(0).lower(),
            "area": ancestors[0].number,
        }
    return where


def check_sources(spec: FrameworkSpec) -> SourceCheck:
    """Every ``<kind>:<code>`` source of the set against the codes its app knows (kinds no app registered pass)."""
    check = SourceCheck()
    known: dict[str, Collection[str]] = {}
    for node, ancestors in spec.leaves():
        kind, sep, rest = node.source.partition(":")
        registered = _kinds.get(kind)
        if not sep or registered is None:
            continue
        code = rest.partition(":")[0]
        if kind not in known:
            known[kind] = registered.known()
        if code in known[kind]:
            continue
        where = node_where(spec, node, ancestors)
        listed = ", ".join(sorted(known[kind])) or "—"
        if kind == "indicator":
            message = _("no indicator has the code %(code)s: write one of %(known)s") % {"code": code, "known": listed}
        elif kind == "survey":
            message = _(
                "no survey with the code %(code)s is loaded yet: the item stays unscored until it is "
                "(loaded surveys: %(known)s)"
            ) % {"code": code, "known": listed}
        else:
            message = _("%(kind)s %(code)s is not known (known: %(known)s)") % {
                "kind": kind,
                "code": code,
                "known": listed,
            }
        (check.errors if registered.required else check.warnings).append(Problem(where, "source", message))
    return check
