"""Names of the places a leaf's input comes from when the unit does not type it (``source: indicator:<code>``,
``source: survey:<code>``). The apps that feed leaves register how to name their sources when they start, so the
assessment cycle names them without depending on those apps."""

from __future__ import annotations

from collections.abc import Callable

_namers: dict[str, Callable[[str], str]] = {}


def register(kind: str, namer: Callable[[str], str]) -> None:
    """Name the sources of one kind (``"indicator"``): ``namer`` turns a code into what people read."""
    _namers[kind] = namer


def source_name(kind: str, code: str) -> str:
    namer = _namers.get(kind)
    return namer(code) if namer is not None else code
