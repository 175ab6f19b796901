"""What the tasks announce, for the apps that follow deadlines (the timeliness figures) without tasks importing them.

``deadlines_changed`` is sent right after whatever moves when a unit's task is due or done is saved: a new task, a
moved deadline or unit in charge, an accepted completion report, an import that created or changed tasks.
"""

from django.dispatch import Signal

deadlines_changed = Signal()
