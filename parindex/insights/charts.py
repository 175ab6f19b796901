"""What the leaders' pages draw: the data of each chart (handed to the page with ``json_script``, drawn by
``parindex/js/insights-charts.js`` with the vendored Chart.js) and the heat map's cells and colour classes.

Every chart has a table beside it with the same figures, so the page reads without JavaScript and prints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign
from parindex.insights.district import DistrictTrend
from parindex.insights.series import Column, Figure, Series, UnitSeries

# (minimum %, name) of the heat map's classes when the criteria set has no bands.
DEFAULT_CLASSES = [(Decimal(90), "≥ 90%"), (Decimal(80), "80–90%"), (Decimal(70), "70–80%"), (Decimal(0), "< 70%")]
MAX_CLASSES = 5


def year_label(campaign: Campaign) -> str:
    """The year as a chart's axis shows it; a running campaign's figures are provisional ("tạm tính")."""
    if campaign.is_open:
        return _("%(year)s (provisional)") % {"year": campaign.year}
    return str(campaign.year)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart(
    element_id: str,
    kind: str,
    title: str,
    filename: str,
    labels: Sequence[str],
    datasets: Iterable[dict[str, Any]],
    **options: Any,
) -> dict[str, Any]:
    """One chart: ``element_id`` names the JSON element, its canvas is ``<element_id>-canvas``."""
    return {
        "id": element_id,
        "title": title,
        "data": {
            "type": kind,
            "title": title,
            "filename": filename,
            "labels": list(labels),
            "datasets": list(datasets),
            **options,
        },
    }


def dataset(label: str, values: Iterable[Decimal | int | None], dashed: bool = False) -> dict[str, Any]:
    return {
        "label": label,
        "values": [v if isinstance(v, int) or v is None else _number(v) for v in values],
        "dashed": dashed,
    }


def _shown(figure: Figure | None) -> Figure | None:
    return figure if figure is not None and figure.shown else None


def unit_charts(series: Series, unit: UnitSeries, chosen: int) -> list[dict[str, Any]]:
    """A unit's trend lines (index against the group's mean, rank, area sub-indices) and its radar."""
    columns = series.columns
    labels = [year_label(c.campaign) for c in columns]
    provisional = [c.provisional for c in columns]
    figures = [_shown(f) for f in unit.figures]
    prefix = f"insights-{unit.code.lower()}"
    index_sets = [dataset(unit.name, [f.index if f else None for f in figures])]
    if any(c.group_visible for c in columns):
        means = [m.index if c.group_visible else None for c, m in zip(columns, series.means, strict=True)]
        index_sets.append(dataset(_("Group mean"), means, dashed=True))
    charts = [
        chart(
            "chart-index",
            "line",
            _("PAR index year after year · %(unit)s") % {"unit": unit.name},
            f"{prefix}-chi-so.png",
            labels,
            index_sets,
            provisional=provisional,
            percent=True,
        ),
        chart(
            "chart-rank",
            "line",
            _("Rank in the group year after year · %(unit)s") % {"unit": unit.name},
            f"{prefix}-xep-hang.png",
            labels,
            [dataset(unit.name, [f.rank if f else None for f in figures])],
            provisional=provisional,
            rank=True,
            max=max([c.ranked_total for c in columns] or [1]),
        ),
    ]
    if series.areas:
        charts.append(
            chart(
                "chart-areas",
                "line",
                _("Area sub-indices year after year · %(unit)s") % {"unit": unit.name},
                f"{prefix}-linh-vuc.png",
                labels,
                [
                    dataset(f"{a.code}. {a.label}", [f.areas.get(a.code) if f else None for f in figures])
                    for a in series.areas
                ],
                provisional=provisional,
                percent=True,
            )
        )
    radar = radar_chart(columns[chosen], unit.figures[chosen], series.means[chosen].own_areas, unit, prefix)
    if radar is not None:
        charts.append(radar)
    return charts


def radar_chart(
    column: Column, figure: Figure | None, means: dict[str, Decimal | None], unit: UnitSeries, prefix: str
) -> dict[str, Any] | None:
    """The unit's areas (share of the maximum) against the group's mean, in one campaign."""
    if not column.areas or _shown(figure) is None:
        return None
    assert figure is not None
    sets = [dataset(unit.name, [figure.own_areas.get(a.code) for a in column.areas])]
    if column.group_visible:
        sets.append(dataset(_("Group mean"), [means.get(a.code) for a in column.areas], dashed=True))
    return chart(
        "chart-radar",
        "radar",
        _("Areas against the group's mean · %(unit)s · %(year)s")
        % {"unit": unit.name, "year": year_label(column.campaign)},
        f"{prefix}-{column.campaign.code}-radar.png",
        [f"{a.code}. {a.label}" for a in column.areas],
        sets,
        percent=True,
        names=[f"{a.code}. {a.name}" for a in column.areas],
    )


def group_chart(series: Series) -> dict[str, Any]:
    """The group's mean index and mean area sub-indices year after year."""
    columns = series.columns
    sets = [dataset(_("Mean index"), [m.index for m in series.means])]
    sets += [dataset(f"{a.code}. {a.label}", [m.areas.get(a.code) for m in series.means], True) for a in series.areas]
    return chart(
        "chart-group",
        "line",
        _("Mean index and area sub-indices year after year · %(group)s") % {"group": series.group.name},
        f"insights-{series.group.code.lower()}-binh-quan.png",
        [year_label(c.campaign) for c in columns],
        sets,
        provisional=[c.provisional for c in columns],
        percent=True,
    )


def district_chart(trend: DistrictTrend) -> dict[str, Any]:
    """Each group's mean index per year, and the index the province published for the committee."""
    years = trend.years
    provisional = [any(p.provisional for g in trend.groups for p in g.at(y)) for y in years]
    sets = []
    for g in trend.groups:
        means = []
        for year in years:
            points = g.at(year)
            means.append(points[-1].mean if points else None)
        sets.append(dataset(_("Mean index · %(group)s") % {"group": g.group.name}, means))
    if trend.standings:
        standings = [trend.standing(y) for y in years]
        label = _("Index published by the province · %(unit)s") % {"unit": trend.committee.name}
        sets.append(dataset(label, [s.index if s else None for s in standings], dashed=True))
    labels = [
        _("%(year)s (provisional)") % {"year": y} if p else str(y) for y, p in zip(years, provisional, strict=True)
    ]
    return chart(
        f"chart-district-{trend.committee.pk}",
        "line",
        _("The trend year after year · %(unit)s") % {"unit": trend.committee.name},
        f"insights-{trend.committee.code.lower()}-xu-huong.png",
        labels,
        sets,
        provisional=provisional,
        percent=True,
    )


@dataclass(frozen=True)
class HeatClass:
    number: int
    minimum: Decimal
    name: str


def heat_classes(campaign: Campaign) -> list[HeatClass]:
    """The colour classes of the heat map: the criteria set's bands (highest first), named with their range
    ("Khá (80–90%)"), or fixed steps without them."""
    bands = sorted(
        ((Decimal(str(b["min"])), str(b["name"])) for b in campaign.framework.bands or []),
        key=lambda pair: pair[0],
        reverse=True,
    )[:MAX_CLASSES]
    if not bands:
        return [HeatClass(number, minimum, name) for number, (minimum, name) in enumerate(DEFAULT_CLASSES)]
    classes = []
    for number, (minimum, name) in enumerate(bands):
        low = number_format(minimum, use_l10n=True)
        high = number_format(bands[number - 1][0], use_l10n=True) if number else ""
        if not high:
            span = f"≥ {low}%"
        elif minimum <= 0:
            span = f"< {high}%"
        else:
            span = f"{low}–{high}%"
        classes.append(HeatClass(number, minimum, f"{name} ({span})"))
    return classes


def heat_class(value: Decimal | None, classes: Sequence[HeatClass]) -> str:
    if value is None:
        return "heat-none"
    for c in classes:
        if value >= c.minimum:
            return f"heat-{c.number}"
    return f"heat-{len(classes) - 1}" if classes else "heat-none"


@dataclass(frozen=True)
class HeatRow:
    name: str
    code: str
    figure: Figure | None
    cells: list[tuple[Decimal | None, str]]
    is_mean: bool = False


def heat_rows(series: Series, k: int, classes: Sequence[HeatClass]) -> list[HeatRow]:
    """Units × areas of campaign ``k`` by rank (a draft keeps its row with no figure), then the group's mean."""
    column = series.columns[k]
    rows = []
    for unit in series.ordered(k):
        figure = unit.figures[k]
        if figure is None:
            continue
        values = [figure.own_areas.get(a.code) if figure.shown else None for a in column.areas]
        rows.append(HeatRow(unit.name, unit.code, figure, [(v, heat_class(v, classes)) for v in values]))
    mean = series.means[k]
    values = [mean.own_areas.get(a.code) for a in column.areas]
    rows.append(HeatRow(_("Group mean"), "", None, [(v, heat_class(v, classes)) for v in values], is_mean=True))
    return rows
