"""The leaders' pages across years: the district's trend, a unit group's units year after year with its heat map,
a unit's trend with its radar; and the pages where Home Affairs keeps the area mappings and the province's figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parindex.audit.services import Actor
from parindex.insights import services
from parindex.insights.access import (
    can_edit,
    can_see_insights,
    committees_for_editing,
    get_group_for_user,
    get_rw_mapping_for_user,
    get_rw_standing_for_user,
    get_trend_unit_for_user,
    oversees,
    sees_group,
    standings_for_user,
)
from parindex.insights.charts import district_chart, group_chart, heat_classes, heat_rows, unit_charts
from parindex.insights.district import district_trends
from parindex.insights.forms import MappingForm, StandingForm
from parindex.insights.models import AreaMapping
from parindex.insights.names import MappingNames
from parindex.insights.series import build_series, matching_rows


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The district's own trend: each group's mean index per year and the province's figures where known."""
    trends = district_trends(request.user)
    context = {
        "trends": [(trend, district_chart(trend)) for trend in trends],
        "can_edit": can_edit(request.user),
        "now": timezone.now(),
    }
    return render(request, "insights/overview.html", context)


@login_required
def group_page(request: HttpRequest, code: str) -> HttpResponse:
    """A unit group's units year after year: each one's index and rank, the change between two campaigns (the first
    and the latest unless chosen), the group's mean, and the heat map units × areas of one campaign."""
    group, campaigns = get_group_for_user(request.user, code)
    series = build_series(group, campaigns, request.user)
    last = len(series.columns) - 1
    start = series.column_index(request.GET.get("from"), 0)
    end = series.column_index(request.GET.get("to"), last)
    chosen = series.column_index(request.GET.get("campaign"), last)
    classes = heat_classes(series.columns[chosen].campaign)
    context: dict[str, Any] = {
        "series": series,
        "group": group,
        "start": series.columns[start],
        "end": series.columns[end],
        "rows": [(unit, unit.figures, series.change(unit, start, end)) for unit in series.ordered(end)],
        "chosen": series.columns[chosen],
        "heat_classes": classes,
        "heat_rows": heat_rows(series, chosen, classes),
        "heat_mean": series.means[chosen],
        "charts": [group_chart(series)],
        "several": len(series.columns) > 1,
        "matching_rows": matching_rows(series),
        "now": timezone.now(),
    }
    return render(request, "insights/group.html", context)


@login_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's index, rank and area sub-indices year after year, and its areas against the group's mean."""
    unit, campaigns = get_trend_unit_for_user(request.user, code)
    group = campaigns[0].group
    series = build_series(
        group, campaigns, request.user, unit_ids={unit.pk}, group_visible=lambda c: sees_group(request.user, c)
    )
    own = series.units[0] if series.units else None
    context: dict[str, Any] = {
        "unit": unit,
        "group": group,
        "series": series,
        "own": own,
        "now": timezone.now(),
        "sees_overview": can_see_insights(request.user),
        "sees_group_page": any(oversees(request.user, c) for c in campaigns),
    }
    if own is not None:
        shown = [k for k, figure in enumerate(own.figures) if figure is not None and figure.shown]
        chosen = series.column_index(request.GET.get("campaign"), shown[-1] if shown else len(series.columns) - 1)
        context.update(
            chosen=series.columns[chosen],
            chosen_figure=own.figures[chosen],
            chosen_mean=series.means[chosen],
            rows=list(zip(series.columns, own.figures, series.means, strict=True)),
            charts=unit_charts(series, own, chosen),
            sees_any_group=any(c.group_visible for c in series.columns),
        )
    return render(request, "insights/unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mappings(request: HttpRequest) -> HttpResponse:
    """The area mappings between criteria sets; Home Affairs adds them here."""
    editable = can_edit(request.user)
    if not editable and not can_see_insights(request.user):
        raise PermissionDenied
    form = MappingForm(request.POST or None) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.save_mapping(form.mapping, Actor.of(request.user), _("recorded on the area mappings page"))
            messages.success(request, _("Mapping recorded."))
            return redirect("insights:mappings")
    names = MappingNames.load()
    rows = [(m, names.describe(m)) for m in AreaMapping.objects.all()]
    return render(request, "insights/mappings.html", {"rows": rows, "form": form, "can_edit": editable})


@login_required
@require_http_methods(["GET", "POST"])
def delete_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = get_rw_mapping_for_user(request.user, pk)
    if request.method == "POST":
        services.remove_mapping(mapping, Actor.of(request.user), _("removed on the area mappings page"))
        messages.success(request, _("Mapping removed."))
        return redirect("insights:mappings")
    described = MappingNames.load().describe(mapping)
    return render(request, "insights/mapping_delete.html", {"mapping": mapping, "described": described})


@login_required
def standings(request: HttpRequest) -> HttpResponse:
    """The index and rank the province published for the district, year by year."""
    rows = list(standings_for_user(request.user).order_by("unit__name", "-year"))
    return render(request, "insights/standings.html", {"rows": rows, "can_edit": can_edit(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def edit_standing(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can_edit(request.user):
        raise PermissionDenied
    standing = None if pk is None else get_rw_standing_for_user(request.user, pk)
    form = StandingForm(request.POST or None, instance=standing, committees=committees_for_editing(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_standing(form.save(commit=False), Actor.of(request.user), _("recorded on the province's page"))
        messages.success(request, _("The province's figures are recorded."))
        return redirect("insights:standings")
    return render(request, "insights/standing_form.html", {"form": form, "standing": standing})


@login_required
@require_http_methods(["GET", "POST"])
def delete_standing(request: HttpRequest, pk: int) -> HttpResponse:
    standing = get_rw_standing_for_user(request.user, pk)
    if request.method == "POST":
        services.remove_standing(standing, Actor.of(request.user), _("removed on the province's page"))
        messages.success(request, _("The province's figures are removed."))
        return redirect("insights:standings")
    return render(request, "insights/standing_delete.html", {"standing": standing})
