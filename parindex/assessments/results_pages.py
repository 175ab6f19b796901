"""The confirmation pages of locking, publishing and re-opening the results: what will happen (or why it cannot
happen now) is shown before anything is done, and only a confirmed POST acts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from parindex.assessments import lifecycle
from parindex.assessments.forms import PublishForm, ReasonForm
from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.ranking import Disclosure, RankingRow, Standing, band_names
from parindex.assessments.services import CampaignError
from parindex.audit.services import Actor


class LockNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the record (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@dataclass
class ResultsPage:
    campaign: Campaign
    action: str
    form: forms.Form
    errors: list[str] = field(default_factory=list)
    blockers: list[lifecycle.Blocker] = field(default_factory=list)
    status: int = 200

    def form_valid(self) -> bool:
        return self.form.is_bound and self.form.is_valid()

    def act(self, actor: Actor) -> str:
        data = self.form.cleaned_data
        if self.action == "lock":
            zeroed = lifecycle.lock_results(self.campaign, actor, data["reason"])
            return _("Results locked; %(count)s empty items scored 0.") % {"count": zeroed}
        if self.action == "publish":
            on = data["publish_on"]
            lifecycle.publish(self.campaign, actor, on=on)
            return _("Results published on %(date)s.") % {"date": formats.date_format(on, "SHORT_DATE_FORMAT")}
        lifecycle.reopen(self.campaign, actor, data["reason"])
        return _("Results re-opened: every unit is back at the step it had before the lock.")

    def refuse(self, exc: CampaignError) -> None:
        self.errors.append(str(exc))
        if isinstance(exc, lifecycle.LockRefused):
            self.blockers = exc.blockers
        self.status = 409

    def context(self) -> dict[str, Any]:
        campaign = self.campaign
        context: dict[str, Any] = {
            "campaign": campaign,
            "action": self.action,
            "form": self.form,
            "errors": self.errors,
            "blockers": self.blockers,
            "wrong_status": self.wrong_status(),
            "blocked_message": str(lifecycle.LockRefused(self.blockers)) if self.blockers else "",
        }
        if self.action == "lock":
            context["zero_count"] = lifecycle.lock_preview(campaign)
            context["last_appraisal"] = lifecycle.last_appraisal_date(campaign)
            context["steps"] = step_counts(campaign)
        elif self.action == "publish":
            bands = {b["code"]: b["name"] for b in campaign.framework.bands}
            context["rows"] = [
                (rank, name, index, bands.get(band, band))
                for rank, name, index, band in Result.objects.filter(campaign=campaign, unit__in=campaign.units())
                .order_by(F("rank").asc(nulls_last=True), "unit__name")
                .values_list("rank", "unit__name", "index", "band")
            ]
        else:
            context["steps"] = step_counts(campaign, before_lock=True)
        return context

    def wrong_status(self) -> str | None:
        """The action does not fit the campaign's status (e.g. publishing open results)."""
        status = self.campaign.status
        if self.action == "lock" and status != Campaign.Status.OPEN:
            return _("The results are already locked.")
        if self.action == "publish" and status != Campaign.Status.LOCKED:
            if status == Campaign.Status.PUBLISHED:
                return _("The results are already published.")
            return _("Lock the results before publishing them.")
        if self.action == "reopen" and status == Campaign.Status.OPEN:
            return _("The results are not locked.")
        return None


def step_counts(campaign: Campaign, before_lock: bool = False) -> list[tuple[str, int]]:
    """(step name, number of units) of the campaign's units now, or at the moment the results were locked."""
    column = "state_before_lock" if before_lock else "state"
    counts: dict[str, int] = {}
    for state in Assessment.objects.filter(campaign=campaign, unit__in=campaign.units()).values_list(column, flat=True):
        counts[state] = counts.get(state, 0) + 1
    labels = dict(Assessment.State.choices)
    return [(str(labels[s]), counts[s]) for s in Assessment.State.values if counts.get(s)]


def results_page(campaign: Campaign, action: str, data: QueryDict | None) -> ResultsPage:
    form: forms.Form
    if action == "lock":
        form = LockNoteForm(data)
    elif action == "publish":
        initial = {"publish_on": campaign.publish_on} if campaign.publish_on else {}
        form = PublishForm(data, initial=initial)
    else:
        form = ReasonForm(data)
    page = ResultsPage(campaign, action, form)
    if action == "lock" and campaign.is_open:
        page.blockers = lifecycle.lock_blockers(campaign)
    return page


def ranking_table(
    campaign: Campaign, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RankingRow]:
    """The rows of :func:`parindex.assessments.ranking.ranking_rows` (the reference, which the page's tests compare
    with this), read for the pages as plain values in one query: the ranking of thousands of units builds no model
    object. Ordered by rank then unit code, unranked last; with ``seen``, a draft keeps only its unit and standing,
    the ranks are the disclosure's and the rows follow them."""
    qs = Result.objects.filter(campaign_id=campaign.pk)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    names = band_names(campaign.framework)
    rows = []
    for unit_id, code, name, rank, points, max_points, index, band, areas, missing in qs.order_by(
        F("rank").asc(nulls_last=True), "unit__code"
    ).values_list(
        "unit_id", "unit__code", "unit__name", "rank", "points", "max_points", "index", "band", "areas", "missing"
    ):
        standing = Standing.SHOWN if seen is None else seen.standing.get(unit_id, Standing.SHOWN)
        if seen is not None and unit_id in seen.hidden:
            rows.append(
                RankingRow(
                    None, code, name, None, None, None, "", {}, None, standing=standing, hidden=True, unit_id=unit_id
                )
            )
            continue
        rows.append(
            RankingRow(
                rank=rank if seen is None else seen.ranks.get(unit_id),
                unit_code=code,
                unit_name=name,
                points=points,
                max_points=max_points,
                index=index,
                band=band,
                areas=areas,
                missing=missing,
                band_name=names.get(band, band),
                standing=standing,
                unit_id=unit_id,
            )
        )
    if seen is not None and seen.provisional:
        # The stored order counts the drafts: the rows follow the ranks shown, so a draft's place is not given away.
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit_code))
    return rows
