"""Units, unit groups and who may do what on which unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited


class UnitGroup(models.Model):
    """A set of units ranked apart from the others, e.g. "Cơ quan chuyên môn" or "UBND xã, thị trấn"."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")

    def __str__(self) -> str:
        return self.name


class Unit(Audited, models.Model):
    """An administrative unit: the committee itself, a specialised agency or a commune; a tree of any depth.

    ``path`` is the chain of ids from the root (``/1/7/12/``), kept by :meth:`save`; it makes "this unit and its
    subtree" one indexed prefix query and lets us refuse a parent that would close a cycle.
    """

    audit_type = "unit"

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("unit group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("Empty for a unit that is not assessed, such as the committee itself."),
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Paths are read from the database, not from possibly stale instances, because moving a unit re-roots
        # its whole subtree in one UPDATE.
        self.clean()
        parent_path = "/"
        if self.parent_id is not None:
            parent_path = Unit.objects.values_list("path", flat=True).get(pk=self.parent_id)
        old_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            if old_path:
                Unit.objects.filter(path__startswith=old_path).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=models.CharField())
                )
            else:
                Unit.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path

    def audit_repr(self) -> str:
        return f"{self.code} {self.name}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.pk}

    def snapshot(self) -> dict[str, str]:
        """What the audit log keeps of a unit: its name, and its parent and group by their codes."""
        return {
            "name": self.name,
            "parent": self.parent.code if self.parent else "",
            "group": self.group.code if self.group else "",
        }

    def clean(self) -> None:
        if self.parent_id is not None and self.pk is not None:
            parent_path = Unit.objects.filter(pk=self.parent_id).values_list("path", flat=True).first() or ""
            if self.parent_id == self.pk or f"/{self.pk}/" in parent_path:
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or one of its own sub-units.")}
                )

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)

    def contains(self, other: Unit) -> bool:
        """Whether ``other`` is this unit or one of its sub-units (at any depth)."""
        return bool(self.path) and other.path.startswith(self.path)


def common_ancestor_ids(paths: Iterable[str]) -> list[int]:
    """The ids of the units that are each of the units at ``paths`` (``/1/7/12/``) or above it, root first."""
    chains = [[int(part) for part in path.strip("/").split("/") if part] for path in paths]
    common: list[int] = []
    for ids in zip(*chains, strict=False):
        if any(i != ids[0] for i in ids):
            break
        common.append(ids[0])
    return common


def nearest_common_ancestor(units: Iterable[Unit]) -> Unit | None:
    """The deepest unit that is each of ``units`` or above it (a single unit is its own); None when no unit is
    given or they lie in different trees."""
    common = common_ancestor_ids(unit.path for unit in units)
    return Unit.objects.get(pk=common[-1]) if common else None


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    HOME_AFFAIRS = "home_affairs", _("Home Affairs staff")
    APPRAISER = "appraiser", _("Appraiser (council member)")
    HEAD = "head", _("Head of unit")
    OFFICER = "officer", _("Unit officer")
    VIEWER = "viewer", _("Viewer")


# Roles that look across units (the committee's side); the others work on their own unit.
OVERSIGHT_ROLES = (Role.ADMIN, Role.HOME_AFFAIRS, Role.APPRAISER, Role.VIEWER)
UNIT_ROLES = (Role.HEAD, Role.OFFICER)
# Roles that run the committee's work (campaigns, tasks) over their scope.
MANAGER_ROLES = (Role.HOME_AFFAIRS, Role.ADMIN)
# Roles that read every unit's submitted files, results and deadlines in their scope (the managers and the leaders;
# the deadline board is theirs).
READER_ROLES = (Role.HOME_AFFAIRS, Role.ADMIN, Role.VIEWER)


class Membership(models.Model):
    """A user's role on a unit; it covers the unit and its whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
