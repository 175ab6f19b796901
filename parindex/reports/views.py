"""The periodic reports' pages: the calendar, a period's units (Home Affairs' review page), one unit's report (with
the send form), a review, a file, planning a year and moving a deadline. Everything is fetched through
:mod:`parindex.reports.access` (404 for what the user may not see, 403 for what they may see but not do)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.audit.services import Actor
from parindex.moments import when
from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, OVERSIGHT_ROLES, UNIT_ROLES, Role, Unit, UnitGroup
from parindex.privatefiles import file_response
from parindex.reports import services as reports
from parindex.reports.access import (
    can_manage_anything,
    can_review_reports,
    get_period_for_user,
    get_report_unit_for_user,
    get_rw_submission_for_user,
    get_submission_for_user,
    report_units_for_user,
)
from parindex.reports.calendar import CalendarRejected, read_calendar
from parindex.reports.forms import DeadlineForm, PlanForm, ReviewForm, SendReportForm, YearFilterForm
from parindex.reports.models import ReportPeriod, ReportSubmission
from parindex.uploads import UploadRejected


def _plannable_groups(user: AnyUser) -> QuerySet[UnitGroup]:
    """Groups whose every active unit the user manages (Home Affairs or administrator over it): planning a group's
    calendar sets the deadlines of all its units."""
    managed = units_for_user(user, MANAGER_ROLES)
    outside = Unit.objects.filter(is_active=True).exclude(pk__in=managed.values("pk"))
    return UnitGroup.objects.filter(units__is_active=True).exclude(units__in=outside).distinct()


def _unit_url(period: ReportPeriod, unit: Unit) -> str:
    return reverse("assignments:report-unit", args=[period.pk, unit.code])


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The periods of a year the user may see: for a unit's people their own report's status, for the committee's
    roles each period's figures."""
    user = request.user
    if not holds_any_role(user, Role.values):
        raise PermissionDenied
    visible = report_units_for_user(user).filter(is_active=True)
    periods_qs = ReportPeriod.objects.filter(group_id__in=visible.values("group_id")).select_related("group")
    years = sorted(set(periods_qs.values_list("year", flat=True)), reverse=True)
    filters = YearFilterForm(request.GET or None)
    year = timezone.localdate().year
    if filters.is_valid() and filters.cleaned_data["year"]:
        year = filters.cleaned_data["year"]
    elif years and year not in years:
        year = years[0]
    periods = list(periods_qs.filter(year=year))
    units = list(visible.filter(group_id__in={p.group_id for p in periods}))
    states = reports.report_states(periods, units)
    rows = []
    for period in periods:
        mine = [
            states[(period.pk, u.pk)] for u in units if u.group_id == period.group_id and has_role(user, u, UNIT_ROLES)
        ]
        overseen = [
            states[(period.pk, u.pk)]
            for u in units
            if u.group_id == period.group_id and has_role(user, u, OVERSIGHT_ROLES)
        ]
        rows.append(
            {
                "period": period,
                "title": reports.period_title(period),
                "mine": mine,
                "tally": reports.tally(overseen) if overseen else None,
                "past": period.deadline < timezone.now(),
            }
        )
    context = {
        "rows": rows,
        "year": year,
        "years": years,
        "filters": filters,
        "can_plan": can_manage_anything(user),
    }
    return render(request, "reports/report_calendar.html", context)


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every unit of the period's group the user may see, late and missing first (in red), with the review forms.
    A fixed number of queries whatever the number of units."""
    period = get_period_for_user(request.user, pk)
    units = list(report_units_for_user(request.user).filter(group_id=period.group_id, is_active=True))
    states = reports.ordered_states(reports.report_states([period], units, details=True).values())
    rows = [{"state": s, "can_review": can_review_reports(request.user, s.unit)} for s in states]
    context = {
        "period": period,
        "title": reports.period_title(period),
        "rows": rows,
        "tally": reports.tally(states),
        "can_plan": can_manage_anything(request.user)
        and _plannable_groups(request.user).filter(pk=period.group_id).exists(),
        "review_form": ReviewForm(),
    }
    return render(request, "reports/report_period.html", context)


def _render_unit(
    request: HttpRequest, period: ReportPeriod, unit: Unit, form: SendReportForm | None = None
) -> HttpResponse:
    submissions = list(
        ReportSubmission.objects.filter(period=period, unit=unit)
        .select_related("submitted_by", "reviewed_by")
        .order_by("submitted_at", "pk")
    )
    state = reports.report_state(period, unit, submissions)
    sender = has_role(request.user, unit, UNIT_ROLES)
    context = {
        "period": period,
        "title": reports.period_title(period),
        "unit": unit,
        "state": state,
        "submissions": list(reversed(state.submissions)),
        "sender": sender,
        "form": form or (SendReportForm() if sender and state.can_send else None),
        "can_review": can_review_reports(request.user, unit),
        "review_form": ReviewForm(),
        "deadline": when(period.deadline),
        "done_at": when(state.done_at) if state.done_at else "",
    }
    return render(request, "reports/report_unit.html", context, status=400 if form and form.errors else 200)


@login_required
def unit_report(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    """One unit's report for one period; a POST by the unit's officer or head sends it."""
    period = get_period_for_user(request.user, pk)
    unit = get_report_unit_for_user(request.user, period, unit_code, act=request.method == "POST")
    if request.method != "POST":
        return _render_unit(request, period, unit)
    form = SendReportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = reports.submit_report(
                period, unit, upload, upload.name or "", Actor.of(request.user), form.cleaned_data["note"]
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except reports.ReportRefused as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(_unit_url(period, unit))
        else:
            messages.success(request, _("The report has been sent to Home Affairs."))
            if submission.submitted_at > period.deadline:
                messages.warning(request, _("It was sent after the deadline and counts as late."))
            return HttpResponseRedirect(_unit_url(period, unit))
    return _render_unit(request, period, unit, form)


@login_required
@require_POST
def review(request: HttpRequest, pk: int, unit_code: str, submission_pk: int) -> HttpResponse:
    """Home Affairs (or an administrator) over the unit accepts or returns a submission; back to where it came from."""
    submission = get_rw_submission_for_user(request.user, pk, unit_code, submission_pk)
    period, unit = submission.period, submission.unit
    back = reverse("assignments:report-period", args=[period.pk])
    if request.POST.get("back") == "unit":
        back = _unit_url(period, unit)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{unit.name}: {error}")
        return HttpResponseRedirect(back)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        reports.review_report(submission, accept, form.cleaned_data["note"], Actor.of(request.user))
    except reports.ReportRefused as exc:
        messages.error(request, f"{unit.name}: {exc}")
    else:
        if accept:
            messages.success(request, _("%(unit)s: the report is accepted.") % {"unit": unit.name})
        else:
            messages.success(request, _("%(unit)s: the report is returned for correction.") % {"unit": unit.name})
    return HttpResponseRedirect(back)


@login_required
def download(request: HttpRequest, pk: int, unit_code: str, submission_pk: int) -> FileResponse:
    """A submitted file, to whoever may see the unit's report; PDFs and images open in the browser."""
    submission = get_submission_for_user(request.user, pk, unit_code, submission_pk)
    return file_response(submission.file, submission.original_name or (submission.file.name or "").rpartition("/")[2])


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """Home Affairs plans a year from the shipped calendar for the groups it manages whole."""
    if not can_manage_anything(request.user):
        raise PermissionDenied
    groups = _plannable_groups(request.user)
    calendar_error = ""
    try:
        sample = read_calendar()
    except CalendarRejected as exc:
        sample, calendar_error = None, str(exc)
    initial = {"year": timezone.localdate().year, "groups": list(groups)}
    form = PlanForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid() and sample is not None:
        year = form.cleaned_data["year"]
        try:
            done = reports.plan_reports(
                year, form.cleaned_data["groups"], Actor.of(request.user), keep_deadlines=not form.cleaned_data["reset"]
            )
        except CalendarRejected as exc:
            form.add_error(None, str(exc))
        else:
            counts = {o: sum(1 for p in done if p.outcome == o) for o in reports.Outcome}
            messages.success(
                request,
                _("Year %(year)s: %(created)s periods created, %(changed)s deadlines changed, %(unchanged)s unchanged.")
                % {
                    "year": year,
                    "created": counts[reports.Outcome.CREATED],
                    "changed": counts[reports.Outcome.CHANGED],
                    "unchanged": counts[reports.Outcome.UNCHANGED],
                },
            )
            return HttpResponseRedirect(reverse("assignments:reports") + f"?year={year}")
    context = {"form": form, "calendar": sample, "calendar_error": calendar_error}
    return render(request, "reports/report_plan.html", context)


@login_required
def deadline(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one period's deadline, with a reason (audited)."""
    period = get_period_for_user(request.user, pk)
    if not _plannable_groups(request.user).filter(pk=period.group_id).exists():
        raise PermissionDenied
    initial = {"deadline": timezone.localtime(period.deadline)}
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        moved = reports.set_deadline(
            period, form.cleaned_data["deadline"], Actor.of(request.user), form.cleaned_data["reason"]
        )
        if moved:
            messages.success(
                request,
                _("The deadline of %(period)s is now %(deadline)s.")
                % {"period": reports.period_title(period), "deadline": when(period.deadline)},
            )
        return HttpResponseRedirect(reverse("assignments:report-period", args=[period.pk]))
    context = {"period": period, "title": reports.period_title(period), "form": form, "current": when(period.deadline)}
    return render(request, "reports/report_deadline.html", context)
