"""Loading criteria sets into the database, with versioning."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.sources import check_sources
from parindex.frameworks.spec import FrameworkSpec, NodeSpec, Problem, SpecError, parse_framework, rule_to_data

# The sample criteria sets shipped with parindex (labelled as samples wherever they show).
SAMPLES = Path(__file__).resolve().parent / "samples"


class _StringScalarLoader(yaml.SafeLoader):
    """YAML without implicit int/float: ``code: 1.10`` stays "1.10" and ``points: 0.1`` is read exactly."""


_StringScalarLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _plain_year(text: str) -> bool:
    """A year written as text with the digits 0–9 (never ``２０２６``, never 5,000 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 6


def read_yaml(text: str) -> Any:
    try:
        data = yaml.load(text, Loader=_StringScalarLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark is not None else _("the file")
        message = _("not valid YAML: %(error)s") % {"error": getattr(exc, "problem", exc)}
        raise SpecError([Problem(where, "-", message)]) from None
    if isinstance(data, dict) and isinstance(data.get("year"), str) and _plain_year(data["year"]):
        data["year"] = int(data["year"])
    return data


def read_framework_file(path: Path | str) -> FrameworkSpec:
    """Read and validate a criteria set from a YAML or XLSX file."""
    path = Path(path)
    if not path.is_file():
        raise SpecError([Problem(str(path), "-", _("no such file"))])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from parindex.frameworks.xlsx import read_xlsx

        return parse_framework(read_xlsx(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError([Problem(str(path), "-", _("the file is not UTF-8 text"))]) from None
    return parse_framework(read_yaml(text))


class Outcome(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
    NEW_VERSION = "new_version"


@dataclass(frozen=True)
class Installed:
    framework: Framework
    outcome: Outcome
    # What loads but wants attention (a survey the set reads that is not loaded yet): the caller shows them.
    warnings: list[Problem] = field(default_factory=list)


@transaction.atomic
def install_framework(spec: FrameworkSpec, actor: Actor) -> Installed:
    """Store a validated set. Same content: nothing changes. Different content: replaced in place while no campaign
    uses the latest version, otherwise stored as the next version (campaigns keep the version they were opened on).

    Sources are checked first: an item reading an indicator no app computes refuses the set (:class:`SpecError`);
    one reading a survey not loaded yet loads, with a warning in :attr:`Installed.warnings`."""
    sources = check_sources(spec)
    if sources.errors:
        raise SpecError(sources.errors)
    digest = spec.digest()
    latest = Framework.objects.select_for_update().filter(code=spec.code).order_by("-version").first()
    if latest is not None and latest.digest == digest:
        return Installed(latest, Outcome.UNCHANGED, sources.warnings)
    fields = {
        "name": spec.name,
        "year": spec.year,
        "levels": spec.levels,
        "bands": [{"code": b.code, "name": b.name, "min": str(b.min)} for b in spec.bands],
        "bonus_cap": spec.bonus_cap,
        "penalty_cap": spec.penalty_cap,
        "description": spec.description,
        "is_sample": spec.sample,
        "digest": digest,
        "source": spec.to_data(),
    }
    if latest is None:
        framework, outcome = Framework.objects.create(code=spec.code, version=1, **fields), Outcome.CREATED
    elif latest.is_in_use:
        framework = Framework.objects.create(code=spec.code, version=latest.version + 1, **fields)
        outcome = Outcome.NEW_VERSION
    else:
        for name, value in fields.items():
            setattr(latest, name, value)
        latest.loaded_at = timezone.now()  # new criteria rows: anything cached for this version is stale
        latest.save()
        latest.criteria.all().delete()
        framework, outcome = latest, Outcome.REPLACED
    _create_criteria(framework, spec)
    before = None if latest is None else {"version": latest.version, "digest": latest.digest}
    after = {"version": framework.version, "digest": digest, "outcome": str(outcome)}
    record(actor, framework.to_change(Action.FRAMEWORK_LOADED, before, after))
    return Installed(framework, outcome, sources.warnings)


def _create_criteria(framework: Framework, spec: FrameworkSpec) -> None:
    """Insert the tree level by level so each level knows its parents' ids (one INSERT per level)."""
    position = 0
    level: list[tuple[NodeSpec, Criterion | None]] = [(node, None) for node in spec.nodes]
    positions: dict[str, int] = {}
    for node, _ancestors in spec.walk():
        positions[node.code] = position = position + 1
    depth = 1
    while level:
        rows = [
            Criterion(
                framework=framework,
                parent=parent,
                code=node.code,
                number=node.number,
                path=node.path,
                name=node.name,
                depth=depth,
                position=positions[node.code],
                is_leaf=node.is_leaf,
                max_points=node.max_points if node.max_points is not None else None,
                kind=str(node.kind),
                rule=rule_to_data(node.rule) if node.rule else None,
                evidence=node.evidence,
                evidence_required=node.evidence_required,
                source=node.source,
                not_applicable_allowed=node.not_applicable_allowed,
                not_applicable_meaning=str(node.not_applicable_meaning),
                not_applicable_by=str(node.not_applicable_by),
                applies_to=list(node.applies_to),
                max_by_group={group: str(value) for group, value in node.max_by_group.items()},
            )
            for node, parent in level
        ]
        created = Criterion.objects.bulk_create(rows)
        level = [(child, row) for (node, _p), row in zip(level, created, strict=True) for child in node.children]
        depth += 1


def latest_framework(code: str) -> Framework | None:
    return Framework.objects.filter(code=code).order_by("-version").first()
