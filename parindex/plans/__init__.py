"""Improvement plans (kế hoạch khắc phục): after a campaign's results are published, each unit files a plan of actions
on the leaves it lost points on (who, what, by when), Home Affairs accepts or returns it, and each action's completion
report (with its evidence file) is accepted or returned in turn.

- :mod:`~parindex.plans.models`: the plan (its state moves along :attr:`~parindex.plans.models.Plan.MOVES`), its
  actions, their completion reports;
- :mod:`~parindex.plans.losses`: where a unit lost points in a campaign (the leaves a plan may name);
- :mod:`~parindex.plans.services`: every change, audited; :mod:`~parindex.plans.access`: who sees and does what;
- :mod:`~parindex.plans.deadlines`: the actions' deadlines, for the reminders, the timeliness figures and the board;
- :mod:`~parindex.plans.receivers`: what the unit's self-assessment sheet shows of the plans (the cycle never imports
  this app): last year's points and actions on each leaf, and a link to the plan of published results.
"""
