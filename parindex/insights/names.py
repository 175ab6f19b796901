"""The names people read for the criteria sets and their areas (by code, the newest version of each set)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from parindex.frameworks.models import Criterion, Framework
from parindex.insights.models import AreaMapping


@dataclass(frozen=True)
class Described:
    framework: str
    area: str
    previous_framework: str
    previous_area: str


@dataclass(frozen=True)
class MappingNames:
    """Set code → "name (year)", (set code, area code) → "code. name", in display order; two queries."""

    frameworks: dict[str, str]
    areas: dict[str, list[tuple[str, str]]]

    @classmethod
    def load(cls) -> MappingNames:
        newest: dict[str, Framework] = {}
        for framework in Framework.objects.order_by("code", "-version"):
            newest.setdefault(framework.code, framework)
        code_of = {f.pk: f.code for f in newest.values()}
        areas: dict[str, list[tuple[str, str]]] = {code: [] for code in newest}
        rows = Criterion.objects.filter(framework_id__in=list(code_of), depth=1).order_by("framework_id", "position")
        for framework_id, code, name in rows.values_list("framework_id", "code", "name"):
            areas[code_of[framework_id]].append((code, f"{code}. {name}"))
        ordered = sorted(newest.values(), key=lambda f: (-f.year, f.name))
        return cls({f.code: f"{f.name} ({f.year})" for f in ordered}, {f.code: areas[f.code] for f in ordered})

    def framework(self, code: str) -> str:
        return self.frameworks.get(code, code)

    def area(self, framework: str, code: str) -> str:
        if not code:
            return _("none: a new area, no earlier figure")
        return dict(self.areas.get(framework, [])).get(code, code)

    def describe(self, mapping: AreaMapping) -> Described:
        return Described(
            self.framework(mapping.framework_code),
            self.area(mapping.framework_code, mapping.area_code),
            self.framework(mapping.previous_framework_code),
            self.area(mapping.previous_framework_code, mapping.previous_area_code),
        )
