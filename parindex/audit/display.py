"""The audit log as people read it: who made a change by their full name, not by their user name or a code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parindex.audit.models import AuditEntry

COMMAND_LINE_PREFIX = "cli:"  # what :meth:`parindex.audit.services.Actor.command_line` writes without a label


def actor_label(entry: AuditEntry) -> str:
    """The person's full name (their user name when the account has none); a command run on the server says so.

    Read ``entry.actor`` through ``select_related("actor")`` when listing entries, so a listing costs one query.
    """
    user = entry.actor if entry.actor_id is not None else None
    if user is not None:
        return user.get_full_name().strip() or user.get_username()
    if entry.actor_name.startswith(COMMAND_LINE_PREFIX):
        return _("command line (%(account)s)") % {"account": entry.actor_name.removeprefix(COMMAND_LINE_PREFIX)}
    return entry.actor_name
