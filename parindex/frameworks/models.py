"""Criteria sets (bộ tiêu chí) and their criteria tree, versioned."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.scoring.engine import LeafKind, Tree
from parindex.scoring.numbers import CENT
from parindex.scoring.ranking import Band
from parindex.scoring.rules import Rule

from .spec import rule_from_data


class Framework(Audited, models.Model):
    """One version of a criteria set. A version used by a campaign is frozen: new content makes a new version."""

    audit_type = "framework"

    code = models.CharField(_("code"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveIntegerField(_("year"))
    levels = models.JSONField(_("level names"), default=list, blank=True)
    bands = models.JSONField(_("bands"), default=list, blank=True)
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=9, decimal_places=2, null=True, blank=True)
    penalty_cap = models.DecimalField(_("penalty cap"), max_digits=9, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample"), default=False, help_text=_("A sample set, not an official decision."))
    digest = models.CharField(max_length=64, editable=False)
    source = models.JSONField(editable=False, help_text="The validated content as loaded, for exports and audits.")
    loaded_at = models.DateTimeField(
        _("loaded at"), default=timezone.now, help_text="When this content was loaded (again, after a replacement)."
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code} v{self.version})"

    @property
    def is_in_use(self) -> bool:
        return self.campaigns.exists()

    @property
    def max_points(self) -> Decimal:
        return sum(
            (c.max_points or Decimal(0) for c in self.criteria.filter(is_leaf=True, kind=LeafKind.NORMAL)), Decimal(0)
        )

    def band_list(self) -> list[Band]:
        return [Band(code=b["code"], name=b["name"], min=Decimal(b["min"])) for b in self.bands]

    @cached_property
    def tree(self) -> Tree:
        """The scoring tree, built once per instance from the stored criteria (every unit group's leaves, each at its
        stated maximum: :meth:`criteria_for_group` narrows them to one group)."""
        return self.tree_of(list(self.criteria.order_by("position")))

    def tree_of(self, criteria: Sequence[Criterion]) -> Tree:
        """The scoring tree of ``criteria`` (this set's rows in display order, or a unit group's selection of them):
        the scored leaves only, never a tracking row or a heading."""
        by_id = {c.pk: c for c in criteria}

        def ancestors(c: Criterion) -> list[str]:
            chain: list[str] = []
            parent = by_id.get(c.parent_id) if c.parent_id else None
            while parent is not None:
                chain.append(parent.code)
                parent = by_id.get(parent.parent_id) if parent.parent_id else None
            return list(reversed(chain))

        return Tree.from_paths(
            ((c.code, ancestors(c), c.max_points or Decimal(0), c.kind) for c in criteria if c.is_scored),
            bonus_cap=self.bonus_cap,
            penalty_cap=self.penalty_cap,
        )

    def criteria_for_group(
        self, group_code: str | None, criteria: Sequence[Criterion] | None = None
    ) -> list[Criterion]:
        """This set as a campaign of unit group ``group_code`` runs it, in display order: items that do not apply to
        the group are left out (an item applies when neither it nor an ancestor names other groups only), and so is
        a branch left without children; a leaf with a maximum of its own for the group carries it, and the branches
        above it carry the sums of their children. Changed rows are copies, never to be saved. ``None``: the set as
        stored. ``criteria``: this set's rows in display order, when the caller has them already."""
        rows = list(criteria) if criteria is not None else list(self.criteria.order_by("position"))
        if group_code is None or not any(c.applies_to or c.max_by_group for c in rows):
            return rows
        kept: dict[int, Criterion] = {}
        for c in rows:  # display order: a parent comes before its children
            if (c.parent_id is not None and c.parent_id not in kept) or not c.applies_to_group(group_code):
                continue
            own_max = c.max_for_group(group_code) if c.is_leaf else None
            if own_max is not None and own_max != c.max_points:
                c = copy.copy(c)
                c.max_points = own_max
            kept[c.pk] = c
        branches = {c.parent_id for c in rows if c.parent_id is not None}
        alive: dict[int, list[Criterion]] = {}  # a kept branch's kept children
        for pk in reversed(list(kept)):  # children before their parent
            c = kept[pk]
            if pk in branches:
                children = alive.get(pk, [])
                if not children:
                    del kept[pk]
                    continue
                counted = [k for k in children if k.kind == LeafKind.NORMAL and (k.is_leaf or k.pk in branches)]
                total = sum((k.max_points or Decimal(0) for k in counted), Decimal(0)) if counted else None
                if total != c.max_points:
                    c = kept[pk] = copy.copy(c)
                    c.max_points = total
            if c.parent_id is not None:
                alive.setdefault(c.parent_id, []).append(c)
        return [kept[c.pk] for c in rows if c.pk in kept]

    def criterion_lookup(self, criteria: Iterable[Criterion] | None = None) -> CriterionLookup:
        """Finds the criterion a person names by a code they typed (see :class:`CriterionLookup`)."""
        rows = list(criteria) if criteria is not None else list(self.criteria.order_by("position"))
        return CriterionLookup(rows, [str(level) for level in self.levels or []])


class Criterion(models.Model):
    """A node of the criteria tree: an area, a criterion or a sub-criterion; a leaf carries the rule that scores it."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessed by the unit")
        COUNCIL = "council", _("Scored by the appraisal council")
        SURVEY = "survey", _("Sociological survey")
        INDICATOR = "indicator", _("Operational indicator")

    class NotApplicableMeaning(models.TextChoices):
        LEAVES_DENOMINATOR = "leaves_denominator", _("leaves the maximum (the index is rescaled)")
        FULL_POINTS = "full_points", _("counts as full points")
        ZERO = "zero", _("counts as 0 points")

    class NotApplicableDeclarer(models.TextChoices):
        UNIT = "unit", _("the unit (or the council)")
        COUNCIL = "council", _("the appraisal council only")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    # The identity in the set: the printed code where it is unique in the set, else the path ("I/3.1").
    code = models.CharField(_("code"), max_length=200)
    number = models.CharField(
        _("printed code"), max_length=50, blank=True, help_text=_("The code as the decision prints it, e.g. 3.1.")
    )
    path = models.CharField(_("path"), max_length=400, blank=True, help_text=_("Printed codes from the area down."))
    name = models.TextField(_("name"))
    depth = models.PositiveSmallIntegerField(_("depth"))
    position = models.PositiveIntegerField(help_text="Display order across the whole set.")
    is_leaf = models.BooleanField(default=False)
    max_points = models.DecimalField(_("maximum points"), max_digits=9, decimal_places=2, null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=[(k.value, k.value) for k in LeafKind], default=LeafKind.NORMAL
    )
    rule = models.JSONField(_("rule"), null=True, blank=True)
    evidence = models.TextField(_("evidence asked for"), blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    source = models.CharField(_("source"), max_length=60, default="self", help_text="self, survey or indicator:<code>")
    not_applicable_allowed = models.BooleanField(_("may be not applicable"), default=False)
    not_applicable_meaning = models.CharField(
        _("not applicable means"),
        max_length=20,
        choices=NotApplicableMeaning.choices,
        default=NotApplicableMeaning.LEAVES_DENOMINATOR,
    )
    not_applicable_by = models.CharField(
        _("may be declared not applicable by"),
        max_length=10,
        choices=NotApplicableDeclarer.choices,
        default=NotApplicableDeclarer.UNIT,
    )
    applies_to = models.JSONField(
        _("applies to unit groups"), default=list, blank=True, help_text=_("Empty: every unit group.")
    )
    max_by_group = models.JSONField(_("maximum by unit group"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            # Codes are unique in the whole set (imports name a leaf by code alone), hence also under each parent.
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique_in_framework"),
            models.CheckConstraint(
                condition=~models.Q(is_leaf=True) | models.Q(max_points__isnull=False), name="criterion_leaf_has_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def display_code(self) -> str:
        """The code as the decision prints it (3.1), which may repeat under two areas; ``code`` is the identity."""
        return self.number or self.code

    @property
    def is_scored(self) -> bool:
        """A leaf that counts in the maximum (or as bonus or penalty): not a tracking row, not a heading."""
        return self.is_leaf and self.kind not in (LeafKind.TRACKING, LeafKind.HEADING)

    @property
    def is_heading(self) -> bool:
        return self.kind == LeafKind.HEADING

    @property
    def is_tracking(self) -> bool:
        return self.kind == LeafKind.TRACKING

    def applies_to_group(self, group_code: str) -> bool:
        """Whether this node (not its ancestors) is for units of ``group_code``: every group when none is named."""
        return not self.applies_to or group_code in self.applies_to

    def max_for_group(self, group_code: str) -> Decimal | None:
        """The maximum this leaf has for units of ``group_code`` when the set gives it one, else None."""
        value = (self.max_by_group or {}).get(group_code)
        return None if value in (None, "") else Decimal(str(value)).quantize(CENT)  # as a stored maximum reads

    @property
    def rule_object(self) -> Rule | None:
        return rule_from_data(self.rule) if self.rule else None

    @property
    def source_kind(self) -> str:
        return self.source.split(":", 1)[0]

    def rule_data(self) -> dict[str, Any]:
        return dict(self.rule or {})


class UnknownCriterion(LookupError):
    """A typed code names no criterion of the set, or names several (the message says which and how to write it)."""


@dataclass(frozen=True)
class CriterionLookup:
    """The criterion a person names by the code they typed: its identity (``code``), its path ("I/3.1") or its
    printed code ("3.1") when no other item of the set prints the same one. A printed code that repeats is refused
    with the paths that tell the items apart."""

    criteria: list[Criterion]
    levels: list[str]

    @cached_property
    def _by_code(self) -> dict[str, Criterion]:
        found: dict[str, Criterion] = {}
        for c in self.criteria:
            found.setdefault(c.code, c)
            if c.path:
                found.setdefault(_normal_path(c.path), c)
        return found

    @cached_property
    def _by_number(self) -> dict[str, list[Criterion]]:
        found: dict[str, list[Criterion]] = {}
        for c in self.criteria:
            found.setdefault(c.display_code, []).append(c)
        return found

    def find(self, typed: str) -> Criterion | None:
        """The criterion named by ``typed``; None when no criterion has that code. Raises :class:`UnknownCriterion`
        when the printed code is used by several items."""
        text = typed.strip()
        found = self._by_code.get(text) or self._by_code.get(_normal_path(text))
        if found is not None:
            return found
        same = self._by_number.get(text, [])
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            raise UnknownCriterion(self.ambiguity(text, same))
        return None

    def ambiguity(self, typed: str, same: list[Criterion]) -> str:
        by_id = {c.pk: c for c in self.criteria}
        places = []
        for c in same:
            parent = by_id.get(c.parent_id) if c.parent_id is not None else None
            if parent is None:
                places.append(gettext("the top level"))
            else:
                places.append(
                    gettext("%(level)s %(code)s")
                    % {"level": self.level_name(parent.depth), "code": parent.path or parent.code}
                )
        return gettext("code %(code)s is used in %(places)s: write %(paths)s") % {
            "code": typed,
            "places": _joined(places, gettext("and")),
            "paths": _joined([c.path or c.code for c in same], gettext("or")),
        }

    def level_name(self, depth: int) -> str:
        """The name of the level at ``depth`` (1 = an area) in lower case, as a sentence uses it."""
        index = depth - 1
        if 0 <= index < len(self.levels) and self.levels[index].strip():
            return self.levels[index].strip().lower()
        defaults = (gettext("area"), gettext("criterion"), gettext("sub-criterion"))
        return defaults[min(max(index, 0), len(defaults) - 1)]


def _normal_path(text: str) -> str:
    """A path as people type it ("I / 3.1", "i/3.1" stays case-sensitive): spaces around the slashes dropped."""
    return "/".join(part.strip() for part in text.split("/"))


def _joined(items: list[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
