"""The rows of the tables that show every unit of a campaign (the ranking, the council's overview), written in
Python in one pass: with thousands of units, a template loop costs a variable lookup, a filter and an escape per
cell (hundreds of thousands of them), where this costs a string join. The markup is the one the templates wrote;
every text is escaped, every figure formatted as the ``points`` filter does (80,11)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext as _

from parindex.assessments.ranking import AreaColumn, RankingRow
from parindex.assessments.templatetags.scores import PointsFormat

register = template.Library()

# What Django's reverse() leaves unquoted in a path (django.urls.resolvers): a unit code goes in the same way.
_PATH_SAFE = "!$&'()*+,;=/~:@"
_MARK = "__unit__"


def _standing(row: Any) -> str:
    if not row.standing:
        return ""
    return f' <span class="tag standing-{escape(str(row.standing))}">{escape(row.standing_label)}</span>'


@register.simple_tag
def ranking_body(rows: Sequence[RankingRow], areas: Sequence[AreaColumn], ranked_total: int) -> SafeString:
    """The ranking's ``<tr>`` rows (``_ranking_table.html``): rank, unit and standing, points, index, band, each
    area's sub-index and the leaves not scored; a draft's row without any figure."""
    fmt = PointsFormat()
    codes = [area.code for area in areas]
    hidden_cells = (
        '<td class="num muted">—</td><td class="num muted">—</td><td class="muted">—</td>'
        + '<td class="num muted">—</td>' * len(codes)
        + '<td class="num muted">—</td>'
    )
    out: list[str] = []
    for row in rows:
        rank = f"{row.rank}/{ranked_total}" if row.rank else "—"
        tr = '<tr class="not-submitted">' if row.hidden else "<tr>"
        head = f'{tr}<td class="num">{rank}</td><td>{escape(row.unit_name)}{_standing(row)}</td>'

        if row.hidden:
            out.append(f"{head}{hidden_cells}</tr>")
            continue
        cells = "".join(f'<td class="num">{fmt.area(row.areas, code)}</td>' for code in codes)
        missing = f'<span class="warn">{row.missing}</span>' if row.missing else "0"
        out.append(
            f'{head}<td class="num">{fmt(row.points)}/{fmt(row.max_points)}</td>'
            f'<td class="num strong">{fmt(row.index)}</td><td>{escape(row.band_name or "—")}</td>'
            f'{cells}<td class="num">{missing}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every text above is escaped


def _local(value: datetime) -> datetime:
    """What the ``date`` filter formats: the moment in the current time zone."""
    return localtime(value) if is_aware(value) else value


def _unit_url(name: str, campaign_code: str) -> str:
    """A unit page's address with a mark where the unit's code goes: reversed once for the whole table."""
    return reverse(name, args=[campaign_code, _MARK])


@register.simple_tag(takes_context=True)
def overview_body(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """The overview's ``<tr>`` rows (``overview.html``): unit, step (with an exception), submission, self scores,
    files, leaves not appraised, open questions, index, the gaps cell once results are final, and the links."""
    campaign = context["campaign"]
    fmt = PointsFormat()
    self_total = context["self_total"]
    gaps = context.get("gap_tops")
    gap_cell = get_template("gaps/_overview_cell.html") if gaps is not None else None
    appraise = _unit_url("assessments:appraisal-sheet", campaign.code)
    exception = _unit_url("assessments:exception", campaign.code)
    links_exception = bool(context.get("is_manager")) and campaign.is_open
    labels = {
        "exception": escape(_("exception")),
        "late": escape(_("late")),
        "draft": escape(_("draft")),
        "appraise": escape(_("Appraise")),
        "exception_link": escape(_("Exception")),
    }
    states: dict[str, str] = {}
    moments: dict[Any, str] = {}
    out: list[str] = []
    for r in rows:
        a = r["assessment"]
        unit = a.unit
        private = r["private"]
        state = states.get(a.state)
        if state is None:
            state = states[a.state] = escape(str(a.get_state_display()))
        override = (
            f' <span class="tag" title="{escape(a.override_reason)}">{labels["exception"]}</span>'
            if a.deadline_override
            else ""
        )
        if a.submitted_at:
            late = f' <span class="warn">{labels["late"]}</span>' if a.late else ""
            moment = moments.get(a.submitted_at)
            if moment is None:
                moment = moments[a.submitted_at] = escape(date_format(_local(a.submitted_at), "H:i d/m/Y"))
            submitted = f"{moment}{late}"
        else:
            submitted = '<span class="muted">—</span>'
        if private:
            scored, files, unappraised, index = f'<span class="muted">{labels["draft"]}</span>', "—", "—", "—"
        else:
            scored, files = f"{r['scored']}/{self_total}", str(r["files"])
            unappraised = f'<span class="warn">{r["unappraised"]}</span>' if r["unappraised"] else "0"
            result = r["result"]
            index = fmt(None if result is None else result.index)
        code = quote(unit.code, safe=_PATH_SAFE)
        action = "" if private else f'<a href="{appraise.replace(_MARK, code)}">{labels["appraise"]}</a>'
        action += "\n        "
        if links_exception:  # "·" only between two links: a draft's row has the exception link alone
            separator = " · " if not private else ""
            action += f'{separator}<a href="{exception.replace(_MARK, code)}">{labels["exception_link"]}</a>'
        gap = ""
        if gap_cell is not None:
            gap = gap_cell.render(
                {"gap_tops": gaps, "r": r, "campaign": campaign, "can_mark_effort": context.get("can_mark_effort")}
            )
        out.append(
            f'<tr><td>{escape(unit.name)} <span class="muted code">{escape(unit.code)}</span></td>'
            f'<td><span class="state state-{escape(a.state)}">{state}</span>{override}</td>'
            f"<td>{submitted}</td>"
            f'<td class="num">{scored}</td><td class="num">{files}</td><td class="num">{unappraised}</td>'
            f'<td class="num">{r["open_questions"]}</td><td class="num">{index}</td>{gap}'
            f'<td class="action">{action}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every text above is escaped
