"""The audit log is append-only."""

import pytest

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor, Change, record


@pytest.mark.django_db
def test_an_entry_cannot_be_changed_or_deleted():
    entry = record(Actor.command_line("t"), Change(Action.UNIT_CHANGED, "unit", 1, "X", None, {"name": "X"}), "r")
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == "r"


@pytest.mark.django_db
def test_a_command_line_change_names_the_system_user():
    entry = record(Actor.command_line(), Change(Action.UNIT_CHANGED, "unit", 1, "X", None, None))
    assert entry.actor is None
    assert entry.actor_name.startswith("cli:")
