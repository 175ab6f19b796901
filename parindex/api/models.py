"""API tokens: a secret handed out once, kept only as its SHA-256, found by its prefix."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, Audited, record

TOKEN_MARK = "pix"  # every parindex token starts with it, so a leaked one is recognisable (secret scanners)
PREFIX_LENGTH = 12


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(Audited, models.Model):
    """A token a user or a system account calls the API with (``Authorization: Bearer <token>``): it acts with the
    user's roles and units, exactly as the user would on the web. Only the SHA-256 of the token is stored; the
    token itself is printed once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    audit_type = "api_token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    def snapshot(self) -> dict[str, Any]:
        """The audited view of a token: whose, named how, until when, revoked when; never its digest."""
        return {
            "prefix": self.prefix,
            "name": self.name,
            "user": self.user.get_username(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }

    @classmethod
    def issue_audited(
        cls, user: Any, actor: Actor, name: str = "", expires_at: datetime | None = None
    ) -> tuple[ApiToken, str]:
        """:meth:`issue`, with its audit entry."""
        row, token = cls.issue(user, name, expires_at)
        record(actor, row.to_change(Action.API_TOKEN_ISSUED, None, row.snapshot()))
        return row, token

    @classmethod
    def revoke_all(cls, tokens: QuerySet[ApiToken], actor: Actor, now: datetime | None = None) -> int:
        """Revoke the active tokens among ``tokens``, each with its audit entry; how many were revoked."""
        at = now or timezone.now()
        revoked = 0
        for row in tokens.filter(revoked_at__isnull=True).select_related("user").select_for_update(of=("self",)):
            before = row.snapshot()
            row.revoked_at = at
            row.save(update_fields=["revoked_at"])
            record(actor, row.to_change(Action.API_TOKEN_REVOKED, before, row.snapshot()))
            revoked += 1
        return revoked

    @classmethod
    def issue(cls, user: object, name: str = "", expires_at: datetime | None = None) -> tuple[ApiToken, str]:
        """A new token for ``user``: the stored row and the token to hand out (never stored, never shown again)."""
        while True:
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            if not cls.objects.filter(prefix=prefix).exists():
                break
        token = f"{TOKEN_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
        row = cls.objects.create(user=user, name=name, prefix=prefix, digest=digest_of(token), expires_at=expires_at)
        return row, token

    @staticmethod
    def prefix_of(token: str) -> str | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_MARK or len(parts[1]) != PREFIX_LENGTH:
            return None
        if any(c not in "0123456789abcdef" for c in parts[1]):
            return None
        return parts[1]

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, digest_of(token))

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
