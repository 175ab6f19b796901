"""Whatever carries a deadline (an assigned task, a periodic report, a self-assessment window, an explanation owed to
the appraisal council), in one app under every app that has deadlines:

- :mod:`~parindex.deadlines.core`: where a thing stands against its deadline, and when to remind whom (plain Python);
- :mod:`~parindex.deadlines.kinds`: the kinds of deadline (:class:`~parindex.deadlines.kinds.DeadlineKind`);
- :mod:`~parindex.deadlines.registry`: the one interface through which the apps with deadlines say what they have
  due (each registers its providers in its ``AppConfig.ready()``), and through which everything here reads it;
- :mod:`~parindex.deadlines.models`: the public holidays, the reminder schedule and its steps, every reminder sent;
- :mod:`~parindex.deadlines.services`: planning and sending the reminders (``send-reminders``);
- :mod:`~parindex.deadlines.notices`: notices of steps, sent like reminders;
- :mod:`~parindex.deadlines.timeliness`: what each unit did on time, counted from real dates;
- :mod:`~parindex.deadlines.board`: the deadline board and each unit's to-do list; :mod:`~parindex.deadlines.views`:
  the bell and the inbox;
- :mod:`~parindex.deadlines.signals`: what it announces to the apps above (``deadlines_changed``,
  ``unit_todo_context``).

It imports none of the apps with deadlines.
"""
