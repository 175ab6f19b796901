"""What the periodic reports announce, for the apps that follow deadlines (the timeliness figures) without reports
importing them.

``deadlines_changed`` is sent right after whatever moves when a unit's report is due or done is saved: a year
planned or a deadline moved, a report sent, a submission accepted or returned.
"""

from django.dispatch import Signal

deadlines_changed = Signal()
