"""hypothesis-jsonschema 0.23.1 (the latest, used by schemathesis to draw JSON objects) still calls
``many.more()``, which Hypothesis 6.170 replaced by iterating over ``many``. Until it catches up, ``more()`` is given
back, written over the new iteration exactly as its loop runs (finish the element, decide whether to go on, start
the next). Applied only when missing, so a fixed Hypothesis or hypothesis-jsonschema makes this a no-op."""

from __future__ import annotations

from hypothesis.internal.conjecture import utils as cu


def _more(self: cu.many) -> bool:
    if self._depth is None:  # the old API had no ``with`` block: the first call opens it
        self._depth = self.data.depth
        self._iterated = True
    if self._in_element:
        self._finish_element()
    if not self._decide():
        self._closed = True
        return False
    self.count += 1
    self._in_element = True
    self._rejected = False
    return True


def install() -> None:
    if not hasattr(cu.many, "more"):
        cu.many.more = _more  # type: ignore[attr-defined]
