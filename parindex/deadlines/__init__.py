"""Whatever carries a deadline (an assigned task, a periodic report, a self-assessment window, an explanation owed to
the appraisal council), in plain Python at the bottom layer:

- :mod:`~parindex.deadlines.core`: where a thing stands against its deadline, and when to remind whom;
- :mod:`~parindex.deadlines.kinds`: the kinds of deadline (:class:`~parindex.deadlines.kinds.DeadlineKind`);
- :mod:`~parindex.deadlines.registry`: the one interface through which the apps with deadlines say what they have
  due (each registers its providers in its ``AppConfig.ready()``), and through which the reminders, the timeliness
  figures and the deadline board read it.
"""
