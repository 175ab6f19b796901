"""What the cycle announces, for the apps above it (ratings) and this app's own step notices to act on: assessments
never imports the apps above it.

``step_taken`` and ``results_published`` are sent once the transaction that made the change has committed, so nothing
is announced for a step that was rolled back; a receiver that fails is logged and never fails the step, which has
already happened. ``results_locked`` and ``results_reopened`` are sent inside the transaction instead: what their
receivers write belongs to the lock (stored and audited with it), and a receiver that fails rolls the lock back.
"""

from __future__ import annotations

from django.dispatch import Signal

# One unit's assessment moved (parindex.assessments.models.Assessment.move_to): sent with ``assessment``, ``before``
# (the state's value before the move), ``after`` (the new State) and ``actor`` (parindex.audit.services.Actor).
step_taken = Signal()

# A campaign's results were published (parindex.assessments.lifecycle.publish): sent with ``campaign`` and ``actor``.
results_published = Signal()

# A campaign's results were locked (parindex.assessments.lifecycle.lock_results), sent once the policy was applied and
# the results recomputed, inside the lock's transaction: the ratings app stores the head ratings. Sent with
# ``campaign``, ``actor`` and ``reason`` (the reason the entries written with the lock carry: "results locked").
results_locked = Signal()

# A campaign's locked or published results were re-opened (parindex.assessments.lifecycle.reopen), sent once the steps
# and the policy's zeros were taken back and before the recompute, inside the re-opening's transaction: the ratings
# app removes the ratings stored with the lock. Sent with ``campaign``, ``actor`` and ``reason`` (Home Affairs' own).
results_reopened = Signal()

# The unit's self-assessment sheet asks the apps above for what they show beside it (the head's rating card, how often
# the unit was reminded): sent while the page is built, with ``campaign``, ``unit`` and ``assessment``; each receiver
# returns a dict that is added to the page's context.
unit_sheet_context = Signal()

# The overview of every unit asks the apps above for what they add per unit (where each unit lost its points): sent
# while the page is built, with ``campaign``, ``user`` and ``unit_ids`` (the units the page lists); each receiver
# returns a dict that is added to the page's context.
overview_context = Signal()
