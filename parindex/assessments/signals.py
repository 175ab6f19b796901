"""What the cycle announces, for the apps above it (notifications) to act on: assessments never imports them.

Both signals are sent once the transaction that made the change has committed, so nothing is announced for a step that
was rolled back; a receiver that fails is logged and never fails the step, which has already happened.
"""

from __future__ import annotations

from django.dispatch import Signal

# One unit's assessment moved (parindex.assessments.workflow._move): sent with ``assessment``, ``before`` (the state's
# value before the move), ``after`` (the new State) and ``actor`` (parindex.audit.services.Actor).
step_taken = Signal()

# A campaign's results were published (parindex.assessments.lifecycle.publish): sent with ``campaign`` and ``actor``.
results_published = Signal()
