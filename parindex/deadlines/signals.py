"""What the deadlines app announces, for the apps that follow deadlines without it importing them.

``deadlines_changed`` is sent right after whatever moves when a unit's thing is due or done is saved (a new task, a
moved deadline, an accepted completion report, a submitted periodic report, an import that created or changed them),
by the app that owns the thing; and by ``send-reminders --loop`` every hour, since time alone makes deadlines fall due.
The timeliness figures follow it (:mod:`parindex.indicators.timeliness`).

``unit_todo_context`` is sent while a unit's to-do list is built, with ``unit`` and ``now``; each receiver returns a
dict added to the page's context (the indicators app adds the unit's timeliness figures of the year as ``figures``).
"""

from django.dispatch import Signal

deadlines_changed = Signal()
unit_todo_context = Signal()
