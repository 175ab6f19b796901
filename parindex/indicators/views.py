"""The indicator dashboard, a unit's trend against its targets, and the upload of operational exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators import figures
from parindex.indicators.access import (
    can_import,
    can_see_dashboard,
    dashboard_units,
    get_batch_for_user,
    get_indicator_unit_for_user,
)
from parindex.indicators.forms import DashboardFilter, UploadForm
from parindex.indicators.models import ImportBatch, Indicator
from parindex.indicators.services import queue_upload


def _year_and_choices(request: HttpRequest) -> tuple[int, list[int]]:
    years = figures.years_with_data() or [timezone.localdate().year]
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        year = years[0]
    return (year if year in years else years[0]), years


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Units × months of one indicator, coloured by status, worst first; a chart of every indicator above."""
    units = dashboard_units(request.user)
    year, years = _year_and_choices(request)
    indicator = request.GET.get("indicator") or Indicator.ON_TIME
    if indicator not in Indicator.values:
        indicator = Indicator.ON_TIME
    filters = DashboardFilter({"year": year, "indicator": indicator}, years=years)
    filters.is_valid()
    unit_ids = list(units.values_list("pk", flat=True))
    lines = figures.matrix(indicator, year, unit_ids)
    top = units.order_by("path").only("pk", "code", "name", "path").first()
    context = {
        "filters": filters,
        "year": year,
        "indicator": indicator,
        "indicator_label": dict(Indicator.choices)[indicator],
        "lines": lines,
        "months": figures.MONTHS,
        "top": top,
        "charts": figures.charts(figures.trend(top.pk, year)) if top else [],
        "can_import": can_import(request.user),
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
def unit_indicators(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_indicator_unit_for_user(request.user, code)
    year, years = _year_and_choices(request)
    series = figures.trend(unit.pk, year)
    context = {
        "unit": unit,
        "year": year,
        "years": years,
        "charts": figures.charts(series),
        "months": figures.MONTHS,
        "can_see_dashboard": can_see_dashboard(request.user),
    }
    return render(request, "indicators/unit.html", context)


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = queue_upload(
            form.cleaned_data["kind"], form.cleaned_data["file"], Actor.of(request.user), form.cleaned_data["mapping"]
        )
        messages.info(request, _("The file is queued; this page follows it."))
        return HttpResponseRedirect(reverse("indicators:import", args=[batch.pk]))
    batches = ImportBatch.objects.select_related("created_by").order_by("-created_at")[:30]
    return render(request, "indicators/imports.html", {"form": form, "batches": batches})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; HTMX asks for the status part again every second until it is finished."""
    batch = get_batch_for_user(request.user, pk)
    template = "indicators/_batch_status.html" if request.headers.get("HX-Request") else "indicators/import.html"
    return render(request, template, {"batch": batch})
