"""The rows of the campaign's head-rating table, written in Python in one pass: with thousands of units and a score
of reasons each, a template loop (and an include per row) costs a lookup and an escape per cell, where this costs a
string join. The markup is the one ``_rating_table.html`` and ``_missed.html`` wrote; every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from parindex.assessments.templatetags.scores import PointsFormat
from parindex.ratings.services import RatingRow

register = template.Library()


@register.simple_tag
def rating_body(rows: Sequence[RatingRow]) -> SafeString:
    """The ``<tr>`` rows: unit, code and standing; index, level and what kept the unit from each better level."""
    fmt = PointsFormat()
    hidden_cells = '<td class="num muted">—</td><td class="muted">—</td><td class="muted">—</td>'
    levels: dict[str, str] = {}
    memo: dict[str, str] = {}

    def escaped(text: str) -> str:
        """Units share most reasons (the same text object, from :class:`parindex.ratings.services.Reasons`)."""
        html = memo.get(text)
        if html is None:
            html = memo[text] = escape(text)
        return html

    out: list[str] = []
    for row in rows:
        tr = '<tr class="not-submitted">' if row.hidden else "<tr>"
        standing = (
            f' <span class="tag standing-{escape(str(row.standing))}">{escape(row.standing_label)}</span>'
            if row.standing
            else ""
        )
        head = f'{tr}<td>{escape(row.unit_name)} <span class="muted code">{escape(row.unit_code)}</span>{standing}</td>'
        if row.hidden:
            out.append(f"{head}\n    {hidden_cells}</tr>")
            continue
        missed = "—"
        if row.missed:
            items = []
            for level_name, reasons in row.missed:
                label = levels.get(level_name)
                if label is None:
                    label = levels[level_name] = _("For “%(level_name)s”:") % {"level_name": escape(level_name)}
                items.append(f'<li><span class="muted">{label}</span> {"; ".join(map(escaped, reasons))}</li>')
            missed = f'<ul class="missing">{"".join(items)}</ul>'
        out.append(
            f'{head}\n    \n      <td class="num">{fmt(row.index)}</td>\n'
            f'      <td class="strong level-{escape(row.level_code)}">{escape(row.level_name)}</td>\n'
            f'      <td class="small">{missed}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every text above is escaped
